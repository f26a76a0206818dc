/// How a serial scanner marks the end of one scan.
///
/// Most scanners end each code with a suffix configured in the scanner (factory default CR or
/// CRLF); some send nothing and are framed by the pause after the last byte.
public enum Framing: Hashable, Sendable {
    /// Carriage return, 0x0D.
    case cr
    /// Line feed, 0x0A.
    case lf
    /// CR LF, 0x0D 0x0A.
    case crlf
    /// Any other suffix, e.g. `[0x03]` (ETX) or `[0x0D, 0x03]`. An empty suffix frames by
    /// timeout and length only.
    case suffix([UInt8])
    /// No terminator: a frame ends when no byte arrived for `ms` milliseconds.
    case interCharacterTimeout(ms: Int)

    /// The bytes that end a frame; empty for ``interCharacterTimeout(ms:)``.
    public var terminator: [UInt8] {
        switch self {
        case .cr: [0x0D]
        case .lf: [0x0A]
        case .crlf: [0x0D, 0x0A]
        case .suffix(let bytes): bytes
        case .interCharacterTimeout: []
        }
    }

    /// True for ``cr``, ``lf`` and ``crlf``: line-oriented framings, where CR and LF bytes at
    /// the start or end of a frame are leftovers of a line ending and are removed.
    public var isLineOriented: Bool {
        switch self {
        case .cr, .lf, .crlf: true
        case .suffix, .interCharacterTimeout: false
        }
    }
}
