import EdgeTraceConfig
import SerialPort
import TraceDevices

/// Configuration → driver: the one place that turns a `[[device]]` entry into the driver of its kind, shared by
/// `edgetraced` (every enabled device) and `edgetrace scan` (one device, without the daemon).
public enum DriverFactory {
    /// The driver for `device` (any `driver` kind the configuration accepts), its readings stamped by `clock`; nil when
    /// the kind is unknown or its settings are missing (the configuration loader refuses both, so only a hand-built
    /// ``DeviceConfiguration`` can get nil).
    public static func make(_ device: DeviceConfiguration, clock: CaptureClock) -> (any DeviceDriver)? {
        switch device.driver {
        case "serial":
            guard let s = device.serial, let path = device.path else { return nil }
            let framing: Framing
            switch s.framing {
            case "lf": framing = .lf
            case "crlf": framing = .crlf
            case "suffix": framing = .suffix(Array((s.suffix ?? "").utf8))
            case "timeout": framing = .interCharacterTimeout(ms: s.interCharTimeoutMs)
            default: framing = .cr
            }
            let settings = SerialSettings(
                path: path, baudRate: s.baud, dataBits: s.dataBits,
                parity: SerialSettings.Parity(rawValue: s.parity) ?? .none, stopBits: s.stopBits)
            return SerialScannerDriver(
                id: device.id,
                options: .init(settings: settings, framing: framing, interCharacterTimeoutMs: s.interCharTimeoutMs,
                               handshake: s.handshake == "ack_nak"),
                clock: clock)
        case "wedge":
            guard let w = device.wedge, let path = device.path,
                  let layout = KeyboardLayout(rawValue: w.layout), let suffix = WedgeScannerDriver.Suffix(rawValue: w.suffix),
                  let gs = GSSubstitute(w.gsSubstitute) else { return nil }
            return WedgeScannerDriver(
                id: device.id,
                options: .init(path: path, layout: layout, suffix: suffix, interKeyTimeoutMs: w.interKeyTimeoutMs,
                               gsSubstitute: gs, grab: w.grab),
                clock: clock)
        case "hidpos":
            guard device.hidpos != nil, let path = device.path else { return nil }
            return HIDPOSScannerDriver(id: device.id, options: .init(path: path), clock: clock)
        case "camera":
            guard let c = device.camera, let path = device.path else { return nil }
            return makeCamera(id: device.id, path: path, settings: c, clock: clock)
        case "temper":
            guard let t = device.temper else { return nil }
            return makeTemper(id: device.id, settings: t, clock: clock)
        case "modbus":
            guard let m = device.modbus, let path = device.path else { return nil }
            return makeModbus(id: device.id, path: path, settings: m, clock: clock)
        case "nfc":
            guard let n = device.nfc else { return nil }
            return makeNFC(id: device.id, settings: n, clock: clock)
        default:
            return nil
        }
    }
}
