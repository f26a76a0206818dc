/// Where an HTTP endpoint of the daemon listens: `[metrics]` (Prometheus text) and `[status_page]`
/// (the local web page). Both are off unless their table sets `listen`.
public struct MonitorEndpoint: Sendable, Equatable {
    /// A TCP address or a Unix socket path.
    public enum Address: Sendable, Equatable, Hashable, CustomStringConvertible {
        case tcp(host: String, port: Int)
        case unix(path: String)

        public var description: String {
            switch self {
            case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            case .unix(let path): path
            }
        }

        /// True for 127.0.0.0/8, ::1, `localhost` and Unix sockets.
        public var isLoopback: Bool {
            switch self {
            case .unix: return true
            case .tcp(let host, _):
                if host == "localhost" || host == "::1" { return true }
                let parts = host.split(separator: ".", omittingEmptySubsequences: false)
                return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
            }
        }
    }

    /// `listen`: `"127.0.0.1:9464"`, `"[::1]:9464"`, or an absolute Unix socket path (required in the table).
    public var address: Address
    /// `allow_remote`: let `listen` name a non-loopback address such as `0.0.0.0` (default false: refused).
    public var allowRemote: Bool

    public init(address: Address, allowRemote: Bool = false) {
        self.address = address
        self.allowRemote = allowRemote
    }

    /// Parses a `listen` value; nil when it is neither `host:port` nor an absolute path.
    public static func parseAddress(_ text: String) -> Address? {
        if text.hasPrefix("/") { return text.utf8.count < 108 ? .unix(path: text) : nil }
        var host: Substring
        var portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") { return nil }
        }
        guard !host.isEmpty, let port = Int(portText), (0...65_535).contains(port) else { return nil }
        return .tcp(host: String(host), port: port)
    }
}
