import Foundation
import Testing
@testable import TraceModel

@Suite("Sensor series compaction")
struct SensorSeriesTests {
    static func reading(_ n: Int, t: Double?, h: Double? = nil, summary: SensorSummary? = nil) -> TraceEvent {
        var e = TraceEvent(
            eventID: TraceEvent.makeID(gateway: "g", deviceID: "cold-1", bootID: "b", uptimeNs: UInt64(n), kind: .sensor, raw: [UInt8(n)]),
            gateway: "g", kind: .sensor, time: EventTime(unixMillis: 1_796_000_000_000 + Int64(n) * 10_000, offsetSeconds: 28800),
            clock: ClockInfo(synced: true, bootID: "b", uptimeNs: UInt64(n)), device: DeviceRef(id: "cold-1", driver: "temper", path: "usb:1-4"),
            context: StationContext(readPoint: "urn:epc:id:sgln:6901234.00001.0"))
        e.sensor = SensorData(temperatureC: t, humidityPct: h, model: "TEMPerHUM", serial: "TG-1", raw: "00", summary: summary)
        return e
    }

    @Test("min, max and mean per quantity, first and last capture time, a stable ID")
    func summary() throws {
        let readings = [Self.reading(1, t: 4.0, h: 50), Self.reading(2, t: 6.5, h: 54), Self.reading(3, t: 2.5)]
        let s = try #require(SensorSeries.summarize(readings))
        let data = try #require(s.sensor)
        let summary = try #require(data.summary)
        #expect(summary.count == 3)
        #expect(summary.temperatureC == SensorSummary.Stats(min: 2.5, max: 6.5, mean: 13.0 / 3))
        #expect(summary.humidityPct == SensorSummary.Stats(min: 50, max: 54, mean: 52), "a reading without humidity does not count for it")
        #expect(summary.from == readings[0].time.description)
        #expect(summary.to == readings[2].time.description)
        #expect(data.temperatureC == 13.0 / 3 && data.humidityPct == 52)
        #expect(data.raw == nil && data.serial == "TG-1")
        #expect(s.kind == .sensor && s.device == readings[0].device && s.time == readings[0].time)
        #expect(!readings.map(\.eventID).contains(s.eventID))
        #expect(SensorSeries.summarize(readings)?.eventID == s.eventID, "same readings, same summary ID")
        #expect(SensorSeries.summarize(Array(readings.prefix(2)))?.eventID != s.eventID)
    }

    @Test("summaries among the readings count with their own counts and extremes")
    func nested() throws {
        let first = try #require(SensorSeries.summarize([Self.reading(1, t: 1), Self.reading(2, t: 3)]))  // mean 2 of 2
        let again = try #require(SensorSeries.summarize([first, Self.reading(3, t: 8)]))
        let summary = try #require(again.sensor?.summary)
        #expect(summary.count == 3)
        #expect(summary.temperatureC == SensorSummary.Stats(min: 1, max: 8, mean: 4))
        #expect(summary.from == Self.reading(1, t: 1).time.description)
        #expect(summary.to == Self.reading(3, t: 8).time.description)
    }

    @Test("fewer than two readings, or no sensor payload: nothing to compact")
    func nothing() {
        #expect(SensorSeries.summarize([Self.reading(1, t: 1)]) == nil)
        var scan = Self.reading(2, t: nil)
        scan.kind = .scan
        scan.sensor = nil
        #expect(SensorSeries.summarize([Self.reading(1, t: 1), scan]) == nil)
    }

    @Test("a summary event's canonical form is byte-identical to JSONEncoder and decodes back")
    func canonical() throws {
        let s = try #require(SensorSeries.summarize([Self.reading(1, t: -4.25, h: 60.5), Self.reading(2, t: 0.1, h: 61)]))
        let expected = String(decoding: try TraceEvent.canonicalEncoder.encode(s), as: UTF8.self)
        #expect(String(decoding: try s.canonicalBytes(), as: UTF8.self) == expected)
        #expect(try JSONDecoder().decode(TraceEvent.self, from: Data(try s.canonicalBytes())) == s)
        #expect(expected.contains(#""summary":{"count":2,"from":"#))
    }
}
