import Testing
import TraceDevices
import TraceModel
import USB

@Suite("libusb result codes and the sensor channel")
struct USBCodeTests {
    @Test("codes match errors with ~= and carry libusb's names and advice")
    func codes() {
        let error = USBError("libusb_interrupt_transfer", code: .timeout)
        #expect(USBCode.timeout ~= error)
        #expect(!(USBCode.noDevice ~= error))
        #expect(USBCode.timeout.name == "LIBUSB_ERROR_TIMEOUT" && USBCode.access.name == "LIBUSB_ERROR_ACCESS")
        #expect(error.description.hasPrefix("libusb_interrupt_transfer: LIBUSB_ERROR_TIMEOUT"))
        #expect(USBError("libusb_open", code: .access).description.contains("70-edgetrace.rules"))
        #expect(error.isTransient && !USBError("x", code: .notSupported).isTransient)
        switch error as any Error {
        case USBCode.timeout: break
        default: Issue.record("catch by code did not match")
        }
    }

    @Test("the channel adds the calibration, keeps the raw bytes, and reports excursions with the reading")
    func channel() {
        let ref = DeviceRef(id: "cold-1", driver: "temper")
        var channel = SensorChannel(ref: ref, calibration: .init(temperatureOffsetC: -0.3, humidityOffsetPct: 1.5),
                                    rules: [ExcursionRule(name: "hot", quantity: .temperatureC, condition: .above(8))])
        let stamp = CaptureStamp(time: EventTime(unixMillis: 1_000), clock: ClockInfo(synced: true, bootID: "b", uptimeNs: 1))
        let ok = channel.readings(temperatureC: 4.55, humidityPct: 50, model: "m", serial: "s", raw: "ab", stamp: stamp)
        #expect(ok.count == 1)
        guard case .sensor(let s) = ok[0].payload else { Issue.record("not a sensor reading"); return }
        #expect(s.temperatureC == 4.25 && s.humidityPct == 51.5 && s.offsetC == -0.3 && s.raw == "ab")
        let hot = channel.readings(temperatureC: 9, humidityPct: nil, model: "m", serial: "s", raw: nil, stamp: stamp)
        #expect(hot.count == 2)
        guard case .excursion(let e) = hot[1].payload else { Issue.record("no excursion"); return }
        #expect(e.phase == "start" && e.extreme == 8.7 && e.sensor == "cold-1")
    }
}
