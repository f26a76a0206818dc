import TraceModel

/// A sensor reading or a compacted series, as the EPCIS encoder needs it. The `sensor`/`excursion`
/// payloads of TraceEvent are added on another branch; the lead maps them to this at merge
/// (`EPCISSensorObservation(event:)`), and ``EPCISEncoder/encode(sensor:context:)`` does the rest.
public struct EPCISSensorObservation: Sendable, Equatable {
    /// One measured quantity.
    public struct Report: Sendable, Equatable {
        /// A GS1 measurement type (`Temperature`, `RelativeHumidity`, …).
        public var type: String
        /// UN/CEFACT unit (`CEL`, `P1` for percent).
        public var uom: String
        public var value: Double?
        /// Of a compacted series: minimum, maximum, mean over the interval.
        public var minValue: Double?
        public var maxValue: Double?
        public var meanValue: Double?
        public init(type: String, uom: String, value: Double? = nil, minValue: Double? = nil, maxValue: Double? = nil, meanValue: Double? = nil) {
            self.type = type; self.uom = uom; self.value = value
            self.minValue = minValue; self.maxValue = maxValue; self.meanValue = meanValue
        }
    }

    /// When the value was read (a single reading) or the end of the interval (a series).
    public var time: EventTime
    /// Start of the interval of a compacted series.
    public var startTime: EventTime?
    /// The sensor as a URI (`urn:edgetrace:device:{gateway}:{device id}` or the sensor's own URI).
    public var deviceID: String
    public var reports: [Report]
    /// An excursion: the reports are outside their limits (`exception: ALARM_CONDITION`).
    public var isExcursion: Bool

    public init(time: EventTime, startTime: EventTime? = nil, deviceID: String, reports: [Report], isExcursion: Bool = false) {
        self.time = time; self.startTime = startTime; self.deviceID = deviceID
        self.reports = reports; self.isExcursion = isExcursion
    }
}

extension EPCISEncoder {
    /// An `ObjectEvent` `OBSERVE` with a `sensorElementList` and no objects (EPCIS 2.0 allows a
    /// sensor-only event): `sensorMetadata` {time or startTime/endTime, deviceID}, one
    /// `sensorReport` per quantity with value or min/max/mean.
    public func encode(sensor: EPCISSensorObservation, context: StationContext) throws(EPCISHashError) -> Encoded {
        var metadata: [(String, JSONValue)] = []
        if let start = sensor.startTime {
            metadata.append(("startTime", .string(start.description)))
            metadata.append(("endTime", .string(sensor.time.description)))
        } else {
            metadata.append(("time", .string(sensor.time.description)))
        }
        metadata.append(("deviceID", .string(sensor.deviceID)))
        let reports: [JSONValue] = sensor.reports.map { r in
            var m: [(String, JSONValue)] = [("type", .string(r.type))]
            if sensor.isExcursion { m.append(("exception", .string("ALARM_CONDITION"))) }
            if let v = r.value { m.append(("value", .number(Self.number(v)))) }
            if let v = r.minValue { m.append(("minValue", .number(Self.number(v)))) }
            if let v = r.maxValue { m.append(("maxValue", .number(Self.number(v)))) }
            if let v = r.meanValue { m.append(("meanValue", .number(Self.number(v)))) }
            m.append(("uom", .string(r.uom)))
            return .object(m)
        }
        var members: [(String, JSONValue)] = [("type", .string("ObjectEvent"))]
        members += timeMembers(sensor.time)
        members.append(("epcList", .array([])))
        members.append(("action", .string("OBSERVE")))
        members += contextMembers(context)
        members.append(("sensorElementList", .array([.object([
            ("sensorMetadata", .object(metadata)), ("sensorReport", .array(reports)),
        ])])))
        return try finish(members)
    }

    /// A JSON number for a measured value (shortest round-trip text, integral values without `.0`).
    static func number(_ v: Double) -> String {
        if v.rounded() == v, abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
