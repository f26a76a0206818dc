/// What a trace event records (DESIGN.md §3, `kind`).
public enum EventKind: String, Codable, Sendable, CaseIterable {
    /// A barcode read that was interpreted (GS1 or plain text).
    case scan
    /// An RFID/NFC tag read.
    case tag
    /// A sensor measurement.
    case sensor
    /// A sensor value outside its configured limits.
    case excursion
    /// Parent/child packing.
    case aggregation
    /// An operator command scanned from a command barcode.
    case command
    /// Input that could not be interpreted; kept with the reason, never dropped.
    case rejected
    /// A device state change (connected, disconnected, error).
    case device
}
