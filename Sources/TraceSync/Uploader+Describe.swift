import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL

extension Uploader {
    /// The `lastError` of a request that got no HTTP answer: what went wrong and what happens to the
    /// events. A TLS failure names the setting to fix; anything else is the error's own description.
    static func failureReason(_ error: any Error) -> String {
        if let tls = tlsProblem(error) { return "\(tls); events stay queued" }
        if let transport = transportProblem(error) { return "\(transport); working offline, events stay queued" }
        return "no answer from the platform (\(describe(error))); working offline, events stay queued"
    }

    /// The decision after a request of `events` events failed without an answer: ``UploadDecision/timedOut(reason:)``
    /// when it timed out and the batch can be halved, otherwise a retry, offline.
    static func failed(_ error: any Error, events: Int) -> UploadDecision {
        let reason = failureReason(error)
        if events > 1, isTimeout(error) { return .timedOut(reason: reason) }
        return .retry(after: nil, reason: reason, link: .offline)
    }

    /// Whether the request got no (complete) answer within `upstream.request_timeout_ms`.
    static func isTimeout(_ error: any Error) -> Bool {
        guard let http = error as? HTTPClientError else { return false }
        return [.deadlineExceeded, .readTimeout, .writeTimeout].contains(http)
    }

    /// What a timeout, refused or broken connection means, or nil for other errors.
    static func transportProblem(_ error: any Error) -> String? {
        if isTimeout(error) {
            return "the platform did not answer within upstream.request_timeout_ms (\(error)): it is overloaded, hung or trickling its answer"
        }
        if let http = error as? HTTPClientError {
            switch http {
            case .connectTimeout:
                return "could not connect to the platform in time (\(http)): check the network path to upstream.url"
            case .remoteConnectionClosed:
                return "the platform closed the connection before its answer was complete (\(http))"
            default:
                return nil
            }
        }
        if let connect = error as? NIOConnectionError {
            let refused = connect.connectionErrors.contains { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }
            return refused
                ? "cannot connect to the platform: connection refused (is it running at the host and port of upstream.url?)"
                : "cannot connect to the platform (\(connect.connectionErrors.map { "\($0.error)" }.joined(separator: "; ")))"
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED:
                return "cannot connect to the platform: connection refused (is it running at the host and port of upstream.url?)"
            case ECONNRESET, EPIPE:
                return "the platform reset the connection (\(io))"
            case EHOSTUNREACH, ENETUNREACH:
                return "cannot reach the platform's network (\(io)): check the gateway's network and routes"
            default:
                return nil
            }
        }
        return nil
    }

    /// A short description of a transport error, without data or secrets.
    static func describe(_ error: any Error) -> String {
        tlsProblem(error) ?? String(describing: error)
    }

    /// What an integrator should know about a TLS error from NIOSSL, or nil when `error` is not one.
    static func tlsProblem(_ error: any Error) -> String? {
        guard error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError else { return nil }
        return tlsProblem(description: String(describing: error))
    }

    /// BoringSSL reasons (and NIOSSL errors) as they appear in an error's description, each with what
    /// it means for the uploader; the first that the description contains wins.
    static let tlsReasons: [(reason: String, problem: String)] = [
        ("CERTIFICATE_VERIFY_FAILED", "TLS: the platform's certificate is not trusted (set upstream.ca_file to the CA that signed it)"),
        ("failedToValidateHostname", "TLS: the platform's certificate is not valid for the host in upstream.url"),
        ("CERTIFICATE_REQUIRED", "TLS: the platform requires a client certificate (set upstream.client_cert_file and client_key_file)"),
        ("UNKNOWN_CA", "TLS: the platform refused the client certificate (upstream.client_cert_file is not signed by a CA it trusts)"),
        ("BAD_CERTIFICATE", "TLS: the platform refused the client certificate (check upstream.client_cert_file and client_key_file)"),
        ("CERTIFICATE_EXPIRED", "TLS: a certificate has expired (the platform's, or upstream.client_cert_file)"),
        ("WRONG_VERSION_NUMBER", "TLS: the platform does not speak TLS on this port (is it plain http?)"),
    ]

    /// ``tlsReasons`` applied to an error description; otherwise the BoringSSL reason code alone.
    static func tlsProblem(description: String) -> String? {
        if let match = tlsReasons.first(where: { description.contains($0.reason) }) { return match.problem }
        // "…error:1000007d:SSL routines:OPENSSL_internal:SOME_REASON at file:line…" → SOME_REASON
        if let range = description.range(of: "OPENSSL_internal:") {
            let reason = description[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !reason.isEmpty { return "TLS handshake with the platform failed (\(reason))" }
        }
        return "TLS error talking to the platform (\(description))"
    }
}
