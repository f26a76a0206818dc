import EdgeTraceControl
import Foundation
import Logging
import ServiceLifecycle
import SystemSupport

/// Listens on the daemon's control socket (`[daemon] control_socket`, mode 0660: members of the service's
/// group may use it) and answers one line-delimited JSON request per connection (``ControlRequest``).
///
/// A socket that cannot be made is logged and the daemon goes on without it: capture never depends on it.
struct ControlServer: Service {
    let path: String
    let handler: @Sendable (ControlRequest, _ actor: String) async -> ControlResponse
    let logger: Logger

    func run() async throws {
        let socket: UnixStreamSocket
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            socket = try UnixStreamSocket.listen(path: path, mode: 0o660)
        } catch {
            logger.error("cannot open the control socket; edgetrace sync/pause/reload/quarantine will not work (capture goes on)",
                         metadata: ["control.path": "\(path)", "control.error": "\(error)"])
            return
        }
        logger.info("control socket listening", metadata: ["control.path": "\(path)"])
        let wake = try WakeSignal()
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                while !wake.isRaised {
                    let connection: UnixStreamSocket?
                    do {
                        connection = try await DedicatedThread.run { try socket.accept(timeout: nil, wake: wake) }
                    } catch {
                        logger.warning("control socket accept failed", metadata: ["control.error": "\(error)"])
                        try? await Task.sleep(for: .milliseconds(200))
                        continue
                    }
                    guard let connection else { continue }
                    await serve(connection)
                }
            } onCancel: {
                wake.raise()
            }
        } onGracefulShutdown: {
            wake.raise()
        }
        socket.close()
    }

    private func serve(_ connection: UnixStreamSocket) async {
        defer { connection.close() }
        let actor = (try? connection.peerCredentials()).map { "uid \($0.uid) (pid \($0.pid))" } ?? "unknown peer"
        let response: ControlResponse
        do {
            let line = try await DedicatedThread.run { try connection.readLine(maxBytes: ControlCodec.maxLineBytes, timeout: .seconds(5)) }
            guard let line else { return }
            do {
                let request = try ControlCodec.request(line)
                logger.info("control request", metadata: ["control.command": "\(request.command.rawValue)", "control.peer": "\(actor)"])
                response = await handler(request, actor)
            } catch {
                response = .failure(.badRequest, "\(error)")
            }
        } catch {
            logger.warning("control connection failed", metadata: ["control.error": "\(error)", "control.peer": "\(actor)"])
            return
        }
        do {
            try connection.write(ControlCodec.line(response), timeout: .seconds(5))
        } catch {
            logger.warning("could not answer a control request", metadata: ["control.error": "\(error)", "control.peer": "\(actor)"])
        }
    }
}
