import Foundation
import SystemSupport
import Testing
@testable import EdgeTraceControl

@Suite("Control protocol")
struct ControlProtocolTests {
    @Test("requests survive a round trip through one line", arguments: [
        ControlRequest(.sync), ControlRequest(.pause), ControlRequest(.resume), ControlRequest(.reload),
        ControlRequest(.quarantineRetry, seqs: [3, 9]), ControlRequest(.quarantineRetry, all: true, reason: "fixed"),
        ControlRequest(.quarantineDiscard, seqs: [4], reason: "test label, reprinted"),
    ])
    func roundTrip(request: ControlRequest) throws {
        let line = ControlCodec.line(request)
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(!line.dropLast().contains(UInt8(ascii: "\n")))
        #expect(try ControlCodec.request(Array(line.dropLast())) == request)
    }

    @Test("the wire form is the documented one")
    func wireForm() {
        let line = String(decoding: ControlCodec.line(ControlRequest(.quarantineDiscard, seqs: [12], reason: "dup")), as: UTF8.self)
        #expect(line == #"{"command":"quarantine.discard","reason":"dup","seqs":[12]}"# + "\n")
    }

    @Test("bad request lines are refused with what is wrong", arguments: [
        (#"{"command":"explode"}"#, "one of sync"),
        ("not json", "not a control request"),
        (#"{"command":"quarantine.retry"}"#, "needs either"),
        (#"{"command":"quarantine.retry","seqs":[1],"all":true}"#, "needs either"),
        (#"{"command":"quarantine.discard","seqs":[1]}"#, "needs a \"reason\""),
        (#"{"command":"quarantine.discard","all":true,"reason":"  "}"#, "needs a \"reason\""),
    ])
    func badRequests(line: String, message: String) {
        #expect {
            try ControlCodec.request(Array(line.utf8))
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test("responses survive a round trip")
    func responses() throws {
        let r = ControlResponse(ok: true, message: "configuration reloaded", reload: ReloadSummary(started: ["b"], unchanged: ["a"]))
        #expect(try ControlCodec.response(Array(ControlCodec.line(r).dropLast())) == r)
        #expect(throws: ControlCodec.DecodeError.self) { try ControlCodec.response(Array("{}".utf8)) }
    }

    @Test("client and a listening UnixStreamSocket exchange one request and answer; the socket file has mode 0660",
          .timeLimit(.minutes(1)))
    func socketExchange() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctl-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/control.sock"
        let listener = try UnixStreamSocket.listen(path: path, mode: 0o660)
        defer { listener.close() }
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o660)
        let server = Task {
            try await DedicatedThread.run { () throws -> ControlRequest? in
                guard let connection = try listener.accept(timeout: .seconds(10)) else { return nil }
                defer { connection.close() }
                guard let line = try connection.readLine(timeout: .seconds(10)) else { return nil }
                let request = try ControlCodec.request(line)
                #expect(try connection.peerCredentials().pid == getpid())
                try connection.write(ControlCodec.line(ControlResponse(ok: true, message: "paused", paused: true)), timeout: .seconds(5))
                return request
            }
        }
        let response = try await DedicatedThread.run { try ControlClient.send(ControlRequest(.pause), to: path, timeout: .seconds(10)) }
        #expect(response.ok && response.paused == true && response.message == "paused")
        #expect(try await server.value == ControlRequest(.pause))
    }

    @Test("no daemon: the client says it is not running; an unreadable socket: it names the group")
    func connectFailures() throws {
        let missing = "/nonexistent-dir-\(UUID().uuidString.prefix(6))/control.sock"
        #expect {
            try ControlClient.send(ControlRequest(.sync), to: missing)
        } throws: { error in
            "\(error)".contains("the daemon is not running")
        }
        let denied = ControlClient.connectAdvice(SystemError("connect", code: .permissionDenied, path: "/run/edgetrace/control.sock"),
                                                 path: "/run/edgetrace/control.sock")
        #expect(denied.contains("group edgetrace"))
    }
}
