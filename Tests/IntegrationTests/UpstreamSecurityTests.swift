import Foundation
import NIOSSL
import Testing
import TraceTesting

/// DESIGN.md §5 "Both": TLS verified by default, a custom CA, mutual TLS, a bearer token read from a
/// file, and no secret in logs or in `edgetrace status`. Real processes; certificates made by `openssl`.
@Suite("Upstream security: TLS, mTLS, token", .serialized)
struct UpstreamSecurityTests {
    @Test("https platform + ca_file = the test CA: scans arrive", .timeLimit(.minutes(2)))
    func customCA() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let pki = try TestCertificates(directory: station.dir + "/pki")
        station.platformTLS = try Self.testClientTLS(pki)
        try await station.startPlatform(extra: Self.serverTLS(pki))
        try station.writeConfig(upstreamExtra: ["ca_file = \"\(pki.caCertificate)\""])
        try await station.startDaemon()
        for i in 0..<5 { try station.scanner.send(gs1Scan(i)) }
        let events = try await station.waitForPlatform(count: 5, timeout: .seconds(30))
        #expect(Set(events.compactMap { $0["eventID"] as? String }).count == 5)
        let json = try await station.status()
        #expect(Self.uploader(json)?["link"] as? String == "online")
    }

    @Test("https platform, no ca_file: the system store does not trust it, nothing is sent; no token in output",
          .timeLimit(.minutes(2)))
    func untrustedPlatform() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let pki = try TestCertificates(directory: station.dir + "/pki")
        station.platformTLS = try Self.testClientTLS(pki)
        try await station.startPlatform(extra: Self.serverTLS(pki))
        let token = "tok-\(UUID().uuidString)"
        try token.write(toFile: station.dir + "/token", atomically: true, encoding: .utf8)
        try station.writeConfig(upstreamExtra: ["token_file = \"\(station.dir)/token\""])
        try await station.startDaemon()
        for i in 0..<5 { try station.scanner.send(gs1Scan(i)) }

        let json = try await station.waitForStatus {
            Self.uploader($0)?["link"] as? String == "offline" && ($0["store"] as? [String: Any])?["events"] as? Int == 5
        }
        let lastError = Self.uploader(json)?["lastError"] as? String ?? ""
        #expect(Self.uploader(json)?["link"] as? String == "offline")
        #expect(lastError.contains("TLS") && lastError.contains("certificate"), "lastError: \(lastError)")
        #expect(lastError.contains("ca_file"), "says what to do: \(lastError)")
        #expect((json["store"] as? [String: Any])?["unsynced"] as? Int == 5)
        #expect(try await station.platformEvents().isEmpty, "nothing reaches an untrusted platform")
        try await Self.expectNoSecret(token, station: station)
    }

    @Test("insecure = true: an untrusted platform is accepted, with a warning at start", .timeLimit(.minutes(2)))
    func insecureWarns() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let pki = try TestCertificates(directory: station.dir + "/pki")
        station.platformTLS = try Self.testClientTLS(pki)
        try await station.startPlatform(extra: Self.serverTLS(pki))
        try station.writeConfig(upstreamExtra: ["insecure = true"])
        try await station.startDaemon()
        #expect(station.daemon!.lines.contains { $0.contains("TLS CERTIFICATE VERIFICATION IS OFF") })
        try station.scanner.send(gs1Scan(1))
        #expect(try await station.waitForPlatform(count: 1).count == 1)
    }

    @Test("mTLS: without a client certificate nothing arrives; with one the backlog is delivered",
          .timeLimit(.minutes(2)))
    func mutualTLS() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let pki = try TestCertificates(directory: station.dir + "/pki")
        station.platformTLS = try Self.testClientTLS(pki, withClientCertificate: true)
        try await station.startPlatform(extra: Self.serverTLS(pki) + ["--tls-client-ca", pki.caCertificate])
        let ca = "ca_file = \"\(pki.caCertificate)\""

        // No client certificate: the platform refuses the connection.
        try station.writeConfig(upstreamExtra: [ca])
        try await station.startDaemon()
        for i in 0..<5 { try station.scanner.send(gs1Scan(i)) }
        let refused = try await station.waitForStatus {
            Self.uploader($0)?["lastError"] != nil && ($0["store"] as? [String: Any])?["events"] as? Int == 5
        }
        let lastError = Self.uploader(refused)?["lastError"] as? String ?? ""
        #expect(lastError.contains("client certificate"), "lastError: \(lastError)")
        #expect((refused["store"] as? [String: Any])?["unsynced"] as? Int == 5)
        #expect(try await station.platformEvents().isEmpty)
        try await Self.stopDaemon(station)

        // With the client certificate and key: delivered, none twice.
        try station.writeConfig(upstreamExtra: [
            ca, "client_cert_file = \"\(pki.clientCertificate)\"", "client_key_file = \"\(pki.clientKey)\"",
        ])
        try await station.startDaemon()
        for i in 5..<8 { try station.scanner.send(gs1Scan(i)) }
        let events = try await station.waitForPlatform(count: 8, timeout: .seconds(30))
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await station.platformEvents().count == 8)
        #expect(Set(events.compactMap { $0["eventID"] as? String }).count == 8)
    }

    @Test("wrong token: unauthorized, nothing leaks; the corrected token file is re-read and the backlog delivered",
          .timeLimit(.minutes(2)))
    func tokenRotation() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let right = "right-\(UUID().uuidString)"
        let wrong = "wrong-\(UUID().uuidString)"
        try right.write(toFile: station.dir + "/platform-token", atomically: true, encoding: .utf8)
        station.platformToken = right
        try await station.startPlatform(extra: ["--token-file", station.dir + "/platform-token"])
        let tokenFile = station.dir + "/token"
        try wrong.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        try station.writeConfig(upstreamExtra: [
            "token_file = \"\(tokenFile)\"", "unauthorized_backoff_initial_ms = 100", "unauthorized_backoff_max_ms = 400",
        ])
        try await station.startDaemon()
        for i in 0..<10 { try station.scanner.send(gs1Scan(i)) }

        // All ten captured (they may still be arriving when the first 401 comes back), none acknowledged.
        let json = try await station.waitForStatus {
            Self.uploader($0)?["link"] as? String == "unauthorized" && ($0["store"] as? [String: Any])?["events"] as? Int == 10
        }
        let lastError = Self.uploader(json)?["lastError"] as? String ?? ""
        #expect(Self.uploader(json)?["link"] as? String == "unauthorized")
        #expect(lastError.contains("token"), "lastError: \(lastError)")
        #expect((json["store"] as? [String: Any])?["unsynced"] as? Int == 10)
        try await Self.expectNoSecret(wrong, station: station)

        // The operator fixes the file; the daemon re-reads it after the next 401 (no restart).
        try right.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let events = try await station.waitForPlatform(count: 10, timeout: .seconds(20))
        for i in 10..<12 { try station.scanner.send(gs1Scan(i)) }
        _ = try await station.waitForPlatform(count: 12, timeout: .seconds(10))
        try await Task.sleep(for: .milliseconds(500))
        let all = try await station.platformEvents()
        #expect(events.count >= 10)
        #expect(all.count == 12 && Set(all.compactMap { $0["eventID"] as? String }).count == 12, "all delivered, none twice")
        #expect(all.compactMap { $0["seq"] as? Int } == Array(1...12))
        let after = try await station.waitForStatus { ($0["store"] as? [String: Any])?["unsynced"] as? Int == 0 }
        #expect(Self.uploader(after)?["link"] as? String == "online")
        try await Self.expectNoSecret(wrong, station: station)
        try await Self.expectNoSecret(right, station: station)
    }

    // MARK: helpers

    /// `--tls-cert` and `--tls-key` of the test server certificate.
    static func serverTLS(_ pki: TestCertificates) -> [String] {
        ["--tls-cert", pki.serverCertificate, "--tls-key", pki.serverKey]
    }

    /// How the test itself talks to the platform: trusting the test CA, with the client certificate if asked.
    static func testClientTLS(_ pki: TestCertificates, withClientCertificate: Bool = false) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(pki.caCertificate)
        if withClientCertificate {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(pki.clientCertificate).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: pki.clientKey, format: .pem))
        }
        return tls
    }

    static func uploader(_ json: [String: Any]) -> [String: Any]? { json["uploader"] as? [String: Any] }

    /// Neither the daemon's output so far nor `edgetrace status` (text and JSON) contains `secret`.
    static func expectNoSecret(_ secret: String, station: Station) async throws {
        let logs = station.daemon?.lines ?? []
        #expect(!logs.isEmpty)
        #expect(!logs.contains { $0.contains(secret) }, "the daemon logged the token")
        for args in [["status", "--json"], ["status"]] {
            let r = try await station.cli(args + ["--config", station.configPath])
            #expect(!r.output.contains(secret), "edgetrace \(args.joined(separator: " ")) shows the token")
        }
    }

    /// Stops the daemon gracefully (SIGTERM) and waits for it to exit.
    static func stopDaemon(_ station: Station) async throws {
        station.daemon?.signal(SIGTERM)
        _ = try await station.daemon?.waitForExit(timeout: .seconds(30))
        station.daemon = nil
    }
}
