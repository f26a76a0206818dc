import AsyncHTTPClient
import Glibc
import NIOCore
import NIOPosix
import NIOSSL
import Testing
@testable import TraceSync

/// What `lastError` says when a request gets no HTTP answer.
@Suite("Uploader failure reasons")
struct FailureReasonTests {
    @Test("TLS errors name the setting to fix", arguments: [
        ("handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at /x/handshake.cc:320]))",
         "upstream.ca_file"),
        ("sslError([Error: 268436572 error:1000045c:SSL routines:OPENSSL_internal:TLSV1_ALERT_CERTIFICATE_REQUIRED at /x/tls_record.cc:491])",
         "upstream.client_cert_file"),
        ("sslError([Error: 268436528 error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA at /x/tls_record.cc:491])",
         "upstream.client_cert_file"),
        ("NIOSSLExtraError.failedToValidateHostname: Couldn't find example.com in certificate from peer", "upstream.url"),
        ("handshakeFailed(sslError([Error: 268435723 error:1000010b:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER at /x/tls_record.cc:231]))",
         "plain http"),
    ])
    func tlsReasons(description: String, names: String) {
        let problem = Uploader.tlsProblem(description: description) ?? ""
        #expect(problem.hasPrefix("TLS: "))
        #expect(problem.contains(names), "\(problem)")
        #expect(!problem.contains("/x/"), "no source paths")
    }

    @Test("an unknown BoringSSL reason is kept short: the reason code, not the error stack")
    func unknownReason() {
        let problem = Uploader.tlsProblem(
            description: "handshakeFailed(sslError([Error: 1 error:10000410:SSL routines:OPENSSL_internal:SSLV3_ALERT_HANDSHAKE_FAILURE at /x/s3_pkt.cc:1]))")
        #expect(problem == "TLS handshake with the platform failed (SSLV3_ALERT_HANDSHAKE_FAILURE)")
    }

    @Test("only NIOSSL errors are read as TLS problems")
    func errorTypes() {
        #expect(Uploader.tlsProblem(NIOSSLExtraError.failedToValidateHostname) != nil)
        #expect(Uploader.tlsProblem(NIOSSLError.uncleanShutdown) != nil)
        struct Other: Error {}
        #expect(Uploader.tlsProblem(Other()) == nil)
        #expect(Uploader.failureReason(Other()).hasPrefix("no answer from the platform ("))
        #expect(Uploader.failureReason(NIOSSLExtraError.failedToValidateHostname).hasSuffix("; events stay queued"))
    }

    @Test("transport errors say what happened in the integrator's terms", arguments: [
        (HTTPClientError.deadlineExceeded as any Error & Sendable, "did not answer within upstream.request_timeout_ms"),
        (HTTPClientError.readTimeout, "did not answer within upstream.request_timeout_ms"),
        (HTTPClientError.connectTimeout, "could not connect"),
        (HTTPClientError.remoteConnectionClosed, "closed the connection before its answer was complete"),
    ])
    func transportReasons(error: any Error & Sendable, says: String) {
        let reason = Uploader.failureReason(error)
        #expect(reason.contains(says), "\(reason)")
        #expect(reason.hasSuffix("events stay queued"))
    }

    @Test("a real request to a closed port says the connection was refused", .timeLimit(.minutes(1)))
    func refused() async throws {
        // A TCP socket bound to a port but not listening: connecting to it is refused, and while the
        // socket is held no other test can take the port (closing a listener and reusing its port
        // raced with parallel tests that bound the same port in between).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound, "bind: errno \(errno)")
        let port = Int(UInt16(bigEndian: address.sin_port))
        do {
            _ = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/"), timeout: .seconds(2))
            Issue.record("a closed port answered")
        } catch {
            let reason = Uploader.failureReason(error)
            #expect(reason.contains("connection refused"), "\(error) → \(reason)")
            print("closed port: \(error) → \(reason)")
        }
    }
}
