import TraceModel

/// A per-sensor calibration: offsets added to what the sensor reports.
public struct SensorCalibration: Sendable, Hashable {
    public var temperatureOffsetC: Double
    public var humidityOffsetPct: Double

    public init(temperatureOffsetC: Double = 0, humidityOffsetPct: Double = 0) {
        self.temperatureOffsetC = temperatureOffsetC
        self.humidityOffsetPct = humidityOffsetPct
    }
}

/// One sensor's path from a decoded measurement to readings: calibration, then the `sensor` reading,
/// then any excursion that starts or ends with it (``ExcursionDetector``). Pure.
public struct SensorChannel: Sendable {
    public let ref: DeviceRef
    public let calibration: SensorCalibration
    private var detector: ExcursionDetector

    public init(ref: DeviceRef, calibration: SensorCalibration, rules: [ExcursionRule]) {
        self.ref = ref
        self.calibration = calibration
        detector = ExcursionDetector(sensor: ref.id, rules: rules)
    }

    /// The readings for one successful sample taken at `stamp`.
    public mutating func readings(temperatureC: Double?, humidityPct: Double?, model: String?, serial: String?, raw: String?,
                                  stamp: CaptureStamp) -> [Reading] {
        let data = SensorData(
            temperatureC: temperatureC.map { Self.round4($0 + calibration.temperatureOffsetC) },
            humidityPct: humidityPct.map { Self.round4($0 + calibration.humidityOffsetPct) },
            model: model, serial: serial,
            offsetC: calibration.temperatureOffsetC == 0 ? nil : calibration.temperatureOffsetC, raw: raw)
        var out = [Reading(device: ref, payload: .sensor(data), stamp: stamp)]
        for e in detector.observe(data, at: stamp.time) {
            out.append(Reading(device: ref, payload: .excursion(e), stamp: stamp))
        }
        return out
    }

    /// A `device` reading: the gap in the data says why there is no value.
    public func state(_ state: String, _ message: String?, stamp: CaptureStamp) -> Reading {
        Reading(device: ref, payload: .deviceState(DeviceStateInfo(state: state, message: message)), stamp: stamp)
    }

    static func round4(_ v: Double) -> Double { (v * 10_000).rounded() / 10_000 }
}
