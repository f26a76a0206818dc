import Foundation
import Testing
@testable import TraceModel

@Suite("Sensor and excursion events")
struct SensorEventTests {
    static func event(_ payload: Reading.Payload) throws -> TraceEvent {
        var i = Interpreter(gateway: "dock-3", context: StationContext(), dedupWindowNs: 0)
        let reading = Reading(device: DeviceRef(id: "cold-1", driver: "temper", path: "usb:413d:2107"), payload: payload,
                              stamp: CaptureStamp(time: EventTime(unixMillis: 1_796_000_000_123, offsetSeconds: 28800),
                                                  clock: ClockInfo(synced: true, bootID: "b", uptimeNs: 7)))
        guard case .event(let e) = i.interpret(reading) else { throw CancellationError() }
        return e
    }

    @Test("sensor payloads: canonical form byte-identical to JSONEncoder, numbers included", arguments: [
        SensorData(temperatureC: 4.25, humidityPct: 55.1, model: "TEMPerHUM", serial: "TG-1"),
        SensorData(temperatureC: -20, model: "TEMPerGold_V3.1", serial: "usb:1-4.2", offsetC: -0.5, raw: "8080f8304e200000"),
        SensorData(temperatureC: 0.0625, humidityPct: 100),
        SensorData(temperatureC: -0.0001, humidityPct: 1e-05),
        SensorData(temperatureC: 23.4369, humidityPct: 56.5, model: "q\"uote"),
        SensorData(temperatureC: 123456.7891),
        SensorData(temperatureC: -0.0),
    ])
    func sensorCanonical(data: SensorData) throws {
        let e = try Self.event(.sensor(data))
        #expect(e.kind == .sensor && e.sensor == data)
        let expected = String(decoding: try TraceEvent.canonicalEncoder.encode(e), as: UTF8.self)
        #expect(String(decoding: try e.canonicalBytes(), as: UTF8.self) == expected)
        #expect(try JSONDecoder().decode(TraceEvent.self, from: Data(try e.canonicalBytes())) == e)
    }

    @Test("the sensor object has the DESIGN.md §3 shape")
    func shape() throws {
        let e = try Self.event(.sensor(SensorData(temperatureC: 4.25, humidityPct: 55.1, model: "TEMPerHUM", serial: "S1")))
        let text = String(decoding: try e.canonicalBytes(), as: UTF8.self)
        #expect(text.contains(#""sensor":{"humidityPct":55.1,"model":"TEMPerHUM","serial":"S1","temperatureC":4.25}"#))
        #expect(text.contains(#""kind":"sensor""#))
    }

    @Test("excursion payloads: canonical form byte-identical to JSONEncoder")
    func excursionCanonical() throws {
        for info in [
            ExcursionInfo(rule: "chilled-above-8", phase: "start", sensor: "cold-1", quantity: "temperatureC", condition: "above",
                          limit: 8, extreme: 9.5, startTime: "2026-11-29T10:00:00.000+08:00", durationS: 300),
            ExcursionInfo(rule: "fast", phase: "end", sensor: "cold-1", quantity: "humidityPct", condition: "rate",
                          limit: 0.5, extreme: -1.25, startTime: "2026-11-29T10:00:00.000+08:00",
                          endTime: "2026-11-29T10:05:00.000+08:00", durationS: 300),
        ] {
            let e = try Self.event(.excursion(info))
            #expect(e.kind == .excursion && e.excursion == info)
            let expected = String(decoding: try TraceEvent.canonicalEncoder.encode(e), as: UTF8.self)
            #expect(String(decoding: try e.canonicalBytes(), as: UTF8.self) == expected)
        }
    }
}
