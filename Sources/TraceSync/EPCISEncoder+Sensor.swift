import TraceModel

/// A sensor reading or a compacted series, as the EPCIS encoder needs it: made from a `sensor` or
/// `excursion` trace event by ``init(event:)``; ``EPCISEncoder/encode(sensor:context:)`` does the rest.
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

extension EPCISSensorObservation {
    /// The observation of a `sensor` event (a reading: `value`; a compacted series: min/max/mean over
    /// `startTime`…`endTime`) or of an `excursion` event (the extreme value, flagged
    /// `ALARM_CONDITION`; a rate-of-change excursion has no value of the quantity itself). The device is
    /// `urn:edgetrace:device:{gateway}:{device id}`. Nil for other events, or a reading without values.
    public init?(event: TraceEvent) {
        func device(_ id: String) -> String { "urn:edgetrace:device:\(event.gateway):\(id)" }
        switch event.kind {
        case .sensor:
            guard let data = event.sensor else { return nil }
            var reports: [Report] = []
            if let summary = data.summary {
                if let t = summary.temperatureC { reports.append(.init(type: "Temperature", uom: "CEL", minValue: t.min, maxValue: t.max, meanValue: t.mean)) }
                if let h = summary.humidityPct { reports.append(.init(type: "RelativeHumidity", uom: "P1", minValue: h.min, maxValue: h.max, meanValue: h.mean)) }
                guard !reports.isEmpty, let from = EventTime(rfc3339: summary.from), let to = EventTime(rfc3339: summary.to) else { return nil }
                self.init(time: to, startTime: from, deviceID: device(event.device.id), reports: reports)
            } else {
                if let t = data.temperatureC { reports.append(.init(type: "Temperature", uom: "CEL", value: t)) }
                if let h = data.humidityPct { reports.append(.init(type: "RelativeHumidity", uom: "P1", value: h)) }
                guard !reports.isEmpty else { return nil }
                self.init(time: event.time, deviceID: device(event.device.id), reports: reports)
            }
        case .excursion:
            guard let x = event.excursion else { return nil }
            let (type, uom) = x.quantity == "humidityPct" ? ("RelativeHumidity", "P1") : ("Temperature", "CEL")
            let report = Report(type: type, uom: uom, value: x.condition == "rate" ? nil : x.extreme)
            let start = x.phase == "end" ? EventTime(rfc3339: x.startTime) : nil
            self.init(time: event.time, startTime: start, deviceID: device(x.sensor), reports: [report], isExcursion: true)
        default:
            return nil
        }
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
