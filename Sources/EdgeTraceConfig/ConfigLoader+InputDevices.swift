extension ConfigLoader {
    /// The keys of a `driver = "wedge"` device (see ``WedgeScannerSettings``).
    static func parseWedge(_ d: inout ConfigReader, path: String?) throws -> WedgeScannerSettings {
        guard path != nil else {
            throw d.error("path", "is required for a wedge device: the scanner's evdev node, e.g. /dev/input/by-id/usb-…-event-kbd")
        }
        let suffix = try d.oneOf("suffix", ["enter", "tab", "none"], default: "enter")
        let settings = WedgeScannerSettings(
            layout: try d.oneOf("layout", ["us", "de", "fr"], default: "us"),
            suffix: suffix,
            interKeyTimeoutMs: try d.int("inter_key_timeout_ms", default: suffix == "none" ? 50 : 200, range: 0...60_000),
            gsSubstitute: try d.string("gs_substitute") ?? "ctrl+]",
            grab: try d.bool("grab", default: true),
            reopenMaxMs: try d.int("reopen_max_ms", default: 5000, range: 100...600_000))
        if suffix == "none", settings.interKeyTimeoutMs == 0 {
            throw d.error("inter_key_timeout_ms", "suffix = \"none\" needs a timeout above 0 (the pause that ends a code)")
        }
        if !Self.isValidGSSubstitute(settings.gsSubstitute) {
            throw d.error("gs_substitute", "'\(settings.gsSubstitute)' is not \"ctrl+]\", \"f1\"…\"f12\" or one character other than a letter, digit or space")
        }
        return settings
    }

    /// The keys of a `driver = "hidpos"` device (see ``HIDPOSScannerSettings``).
    static func parseHIDPOS(_ d: inout ConfigReader, path: String?) throws -> HIDPOSScannerSettings {
        guard path != nil else {
            throw d.error("path", "is required for a hidpos device: the scanner's hidraw node, e.g. /dev/edgetrace/hidpos-… or /dev/hidraw0")
        }
        return HIDPOSScannerSettings(reopenMaxMs: try d.int("reopen_max_ms", default: 5000, range: 100...600_000))
    }

    /// Same rule as `GSSubstitute.init?(_:)` in TraceDevices (which the daemon uses; a test keeps them equal).
    static func isValidGSSubstitute(_ text: String) -> Bool {
        let lowered = text.lowercased()
        if lowered == "ctrl+]" { return true }
        if lowered.hasPrefix("f"), lowered.count <= 3, let n = Int(lowered.dropFirst()), (1...12).contains(n) { return true }
        guard text.unicodeScalars.count == 1, let scalar = text.unicodeScalars.first else { return false }
        return scalar.value > 0x20 && scalar.value != 0x7F && !scalar.properties.isAlphabetic && !("0"..."9").contains(scalar)
    }
}
