import Foundation
import Testing
import TraceModel
@testable import EdgeTraceConfig

@Suite("Configuration: TEMPer and Modbus sensors")
struct SensorConfigTests {
    func parse(_ devices: String) throws -> EdgeTraceConfiguration {
        try ConfigLoader.parse("""
        [station]
        gateway = "g"
        \(devices)
        """, file: "t.toml")
    }

    @Test("temper: IDs, sampling, calibration and excursion rules")
    func temper() throws {
        let c = try parse("""
        [[device]]
        id = "cold-1"
        driver = "temper"
        vendor_id = "413d"
        product_id = "2107"
        usb_serial = "TG-1"
        sample_interval_ms = 30000
        temperature_offset_c = -0.3

        [[device.excursion]]
        name = "hot"
        above = 8
        duration_ms = 300000

        [[device.excursion]]
        name = "damp"
        quantity = "humidity_pct"
        rate_per_min = 2.5
        """)
        let t = try #require(c.devices[0].temper)
        #expect(t.vendorID == 0x413D && t.productID == 0x2107 && t.usbSerial == "TG-1" && t.usbPort == nil)
        #expect(t.sampleIntervalMs == 30000 && t.timeoutMs == 1000 && t.temperatureOffsetC == -0.3 && t.humidityOffsetPct == 0)
        #expect(t.excursions == [
            ExcursionRule(name: "hot", quantity: .temperatureC, condition: .above(8), minDurationMs: 300_000),
            ExcursionRule(name: "damp", quantity: .humidityPct, condition: .rate(perMinute: 2.5)),
        ])
    }

    @Test("modbus: a bus with two sensors, defaults and every key")
    func modbus() throws {
        let c = try parse("""
        [[device]]
        id = "bus"
        driver = "modbus"
        path = "/dev/ttyUSB0"
        baud = 19200

        [[device.sensor]]
        id = "a"
        address = 1

        [[device.sensor]]
        id = "b"
        address = 7
        function = 3
        temperature_register = 0
        humidity_register = -1
        scale = 100
        signed = false

        [[device.sensor.excursion]]
        name = "freezer-warm"
        below = -18
        """)
        let m = try #require(c.devices[0].modbus)
        #expect(m.baud == 19200 && m.responseTimeoutMs == 500 && m.sensors.count == 2)
        #expect(m.sensors[0] == ModbusSensorSettings(id: "a", address: 1, function: 4, temperatureRegister: 1, humidityRegister: 2,
                                                     scale: 10, signed: true, sampleIntervalMs: 60000, temperatureOffsetC: 0,
                                                     humidityOffsetPct: 0, excursions: []))
        #expect(m.sensors[1].function == 3 && m.sensors[1].humidityRegister == nil && m.sensors[1].scale == 100 && !m.sensors[1].signed)
        #expect(m.sensors[1].excursions == [ExcursionRule(name: "freezer-warm", quantity: .temperatureC, condition: .below(-18))])
    }

    @Test("mistakes name the file, the key and what to do", arguments: [
        ("driver = \"temper\"\nvendor_id = \"41g\"\nproduct_id = \"2107\"", "vendor_id"),
        ("driver = \"temper\"\nvendor_id = \"413d\"", "product_id"),
        ("driver = \"temper\"\nvendor_id = \"413d\"\nproduct_id = \"2107\"\nsample_interval_ms = 5", "sample_interval_ms"),
        ("driver = \"temper\"\nvendor_id = \"413d\"\nproduct_id = \"2107\"\n[[device.excursion]]\nname = \"x\"\nabove = 1\nbelow = 0", "excursion"),
        ("driver = \"temper\"\nvendor_id = \"413d\"\nproduct_id = \"2107\"\n[[device.excursion]]\nname = \"x\"\nabove = 1\nlimit = 3", "limit"),
        ("driver = \"modbus\"\n[[device.sensor]]\nid = \"a\"\naddress = 1", "path"),
        ("driver = \"modbus\"\npath = \"/dev/x\"", "sensor"),
        ("driver = \"modbus\"\npath = \"/dev/x\"\n[[device.sensor]]\nid = \"a\"\naddress = 300", "address"),
        ("driver = \"modbus\"\npath = \"/dev/x\"\n[[device.sensor]]\nid = \"a\"\naddress = 1\n[[device.sensor]]\nid = \"b\"\naddress = 1", "used twice"),
        ("driver = \"modbus\"\npath = \"/dev/x\"\n[[device.sensor]]\nid = \"a\"\naddress = 1\nregister = 3", "register"),
    ])
    func mistakes(body: String, key: String) {
        do {
            _ = try parse("[[device]]\nid = \"s\"\n" + body)
            Issue.record("accepted: \(body)")
        } catch {
            let text = "\(error)"
            #expect(text.contains("t.toml") && text.contains(key), "\(text)")
        }
    }

    @Test("the sample documents both sensor drivers")
    func sample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let c = try ConfigLoader.load(path: root.appendingPathComponent("Fixtures/edgetrace.sample.toml").path)
        let temper = try #require(c.devices.first { $0.driver == "temper" }?.temper)
        #expect(temper.excursions.count == 2)
        let modbus = try #require(c.devices.first { $0.driver == "modbus" }?.modbus)
        #expect(modbus.sensors.map(\.id) == ["warehouse-a", "freezer-b"])
    }
}
