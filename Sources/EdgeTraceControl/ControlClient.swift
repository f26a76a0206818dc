import SystemSupport

/// The CLI's side of the control socket: connects, sends one request, reads one response.
public enum ControlClient {
    /// Why the daemon could not be asked, with what to do.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        /// The underlying system error, when there is one.
        public var cause: SystemError?
    }

    /// Sends `request` to the daemon listening at `path` and returns its answer.
    public static func send(_ request: ControlRequest, to path: String, timeout: Duration = .seconds(30)) throws(Failure) -> ControlResponse {
        let socket: UnixStreamSocket
        do throws(SystemError) {
            socket = try UnixStreamSocket.connect(to: path)
        } catch {
            throw Failure(description: connectAdvice(error, path: path), cause: error)
        }
        defer { socket.close() }
        do {
            try socket.write(ControlCodec.line(request), timeout: timeout)
            guard let line = try socket.readLine(maxBytes: ControlCodec.maxLineBytes, timeout: timeout) else {
                throw Failure(description: "the daemon closed the control connection without answering (\(path)); see its log (journalctl -u edgetraced)")
            }
            return try ControlCodec.response(line)
        } catch let error as Failure {
            throw error
        } catch let error as SystemError {
            if error.code == .timedOut {
                throw Failure(description: "the daemon did not answer within \(timeout) on \(path); it may be overloaded or hung (journalctl -u edgetraced)", cause: error)
            }
            throw Failure(description: "talking to the daemon on \(path) failed: \(error)", cause: error)
        } catch {
            throw Failure(description: "\(error)")
        }
    }

    /// What a failed `connect(2)` means for an operator.
    public static func connectAdvice(_ error: SystemError, path: String) -> String {
        switch error.code {
        case .noSuchFile, .connectionRefused:
            return "the daemon is not running (nothing listens on \(path)); start it with systemctl start edgetraced, or pass --socket if it uses another control_socket"
        case .permissionDenied, .notPermitted:
            return "not allowed to use the control socket \(path): add your user to group edgetrace (sudo usermod -aG edgetrace $USER, then log in again) or run as root"
        default:
            return "cannot connect to the daemon's control socket \(path): \(error)"
        }
    }
}
