import Glibc

/// Tells systemd about the service's state: the `sd_notify(3)` protocol, implemented directly.
///
/// Each message is one datagram of newline-separated `KEY=value` assignments sent to the
/// `AF_UNIX` socket named by `$NOTIFY_SOCKET` (a leading `@` means the abstract namespace).
/// When `$NOTIFY_SOCKET` is unset or empty (not started by systemd, or `Type=` is not
/// `notify`), every method does nothing.
///
/// Environment keys read:
/// - `NOTIFY_SOCKET`: where to send.
/// - `WATCHDOG_USEC`: the unit's `WatchdogSec=` in microseconds; see ``watchdogInterval``.
/// - `WATCHDOG_PID`: when set, the watchdog is meant for that process only.
public struct SystemdNotifier: Sendable {
    /// The socket messages go to; `nil` when notifications are off.
    public let socketPath: String?
    /// How often systemd expects ``watchdog()`` at the latest (`$WATCHDOG_USEC`); `nil` when
    /// the watchdog is off or meant for another process (`$WATCHDOG_PID`). Ping at half this.
    public let watchdogInterval: Duration?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from the process environment
    /// (`getenv(3)`).
    public init() {
        var environment: [String: String] = [:]
        for key in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] {
            if let value = getenv(key) { environment[key] = String(cString: value) }
        }
        self.init(environment: environment)
    }

    /// Takes the keys from `environment`; `processID` is compared with `WATCHDOG_PID`.
    public init(environment: [String: String], processID: pid_t = getpid()) {
        let socket = environment["NOTIFY_SOCKET"] ?? ""
        socketPath = socket.isEmpty ? nil : socket
        watchdogInterval = Self.watchdogInterval(environment, processID: processID)
    }

    /// True when messages are sent (`$NOTIFY_SOCKET` is set).
    public var isEnabled: Bool { socketPath != nil }

    /// `READY=1`: start-up finished; systemd considers the unit started.
    public func ready() throws(SystemError) { try notify("READY=1") }

    /// `STATUS=…`: one line shown by `systemctl status`. Newlines become spaces.
    public func status(_ text: String) throws(SystemError) {
        let line = String(text.map { $0.isNewline ? " " : $0 })
        try notify("STATUS=\(line)")
    }

    /// `WATCHDOG=1`: the keep-alive ping; send at least every ``watchdogInterval``.
    public func watchdog() throws(SystemError) { try notify("WATCHDOG=1") }

    /// `STOPPING=1`: shutdown began.
    public func stopping() throws(SystemError) { try notify("STOPPING=1") }

    /// Sends `state` (newline-separated `KEY=value` assignments) as one datagram
    /// (`socket(2)`, `sendto(2)`), or does nothing when notifications are off.
    public func notify(_ state: String) throws(SystemError) {
        guard let socketPath else { return }
        guard socketPath.hasPrefix("/") || socketPath.hasPrefix("@") else {
            // e.g. systemd 256's "vsock:…" addresses, which EdgeTrace does not need.
            throw SystemError("sd_notify", code: .addressFamilyNotSupported, path: socketPath)
        }
        let socket = try UnixDatagramSocket()
        defer { socket.close() }
        try socket.send(Array(state.utf8), to: socketPath)
    }

    private static func watchdogInterval(_ environment: [String: String], processID: pid_t) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0 else {
            return nil
        }
        if let pidText = environment["WATCHDOG_PID"], !pidText.isEmpty {
            guard let pid = pid_t(pidText), pid == processID else { return nil }
        }
        return .microseconds(microseconds)
    }
}
