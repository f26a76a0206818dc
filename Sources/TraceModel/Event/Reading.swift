/// When and under which clock a reading was captured; taken by the driver the moment the device delivered it.
public struct CaptureStamp: Sendable, Hashable {
    public var time: EventTime
    public var clock: ClockInfo

    public init(time: EventTime, clock: ClockInfo) {
        self.time = time
        self.clock = clock
    }
}

/// What a driver delivers: raw input plus what the device said about it (DESIGN.md §1, step 1).
public struct Reading: Sendable, Hashable {
    /// The content of a reading.
    public enum Payload: Sendable, Hashable {
        /// A barcode as the scanner sent it: bytes without the frame terminator (GS kept), AIM prefix included.
        case barcode(bytes: [UInt8], symbology: String?)
        /// Input the driver could not frame (overlong, binary garbage); kept as a rejected event.
        case malformed(bytes: [UInt8], reason: String)
        /// The device changed state.
        case deviceState(DeviceStateInfo)
        /// An NFC tag arrived on a reader: its identity and what could be read of its memory.
        case nfcTag(NFCTagRead)
        /// A sensor measurement (calibrated).
        case sensor(SensorData)
        /// An excursion began or ended.
        case excursion(ExcursionInfo)
    }

    public var device: DeviceRef
    public var payload: Payload
    public var stamp: CaptureStamp

    public init(device: DeviceRef, payload: Payload, stamp: CaptureStamp) {
        self.device = device
        self.payload = payload
        self.stamp = stamp
    }

    private static func sensorBytes(_ s: SensorData) -> [UInt8] {
        let t: String = s.temperatureC.map { "\($0)" } ?? "-"
        let h: String = s.humidityPct.map { "\($0)" } ?? "-"
        let raw: String = s.raw ?? ""
        return Array((t + "\u{0}" + h + "\u{0}" + raw).utf8)
    }

    /// The raw bytes the event id covers.
    public var rawBytes: [UInt8] {
        switch payload {
        case .barcode(let bytes, _): bytes
        case .malformed(let bytes, _): bytes
        case .deviceState(let s): Array((s.state + "\u{0}" + (s.message ?? "")).utf8)
        case .nfcTag(let t): t.uid + (t.memory ?? [])
        case .sensor(let s): Self.sensorBytes(s)
        case .excursion(let e): Array((e.rule + "\u{0}" + e.phase + "\u{0}" + e.startTime).utf8)
        }
    }
}
