import Foundation
import NIOSSL
import Testing
import TraceTesting
@testable import TracePlatformServer

/// The platform over TLS and mutual TLS (`--tls-cert`, `--tls-key`, `--tls-client-ca`), with
/// certificates made by `openssl` at test time.
@Suite(.timeLimit(.minutes(1)))
struct PlatformTLSTests {
    @Test func servesHTTPSAndNoPlainHTTP() async throws {
        try await Self.withPKI { pki in
            try await Self.withServer(pki) { server in
                let https = try await HTTPTestClient.send(port: server.port, path: "/healthz", tls: try Self.client(pki))
                #expect(https?.status == 200)
                #expect(await Self.status(port: server.port, tls: nil) == nil, "plain HTTP gets no answer")
            }
        }
    }

    @Test func mutualTLSRequiresAClientCertificateFromTheClientCA() async throws {
        try await Self.withPKI { pki in
            try await Self.withServer(pki, clientCA: pki.caCertificate) { server in
                #expect(await Self.status(port: server.port, tls: try Self.client(pki)) == nil, "no client certificate")
                let other = try TestCertificates(directory: pki.directory + "/other")
                #expect(await Self.status(port: server.port, tls: try Self.client(pki, certificate: other)) == nil,
                        "a client certificate from another CA")
                #expect(await Self.status(port: server.port, tls: try Self.client(pki, certificate: pki)) == 200)
            }
        }
    }

    @Test(arguments: ["key without certificate", "certificate without key", "missing certificate", "key of another certificate"])
    func refusesUnusableTLSSettings(_ mistake: String) async throws {
        try await Self.withPKI { pki in
            var configuration = PlatformConfiguration(
                databasePath: ":memory:", tlsCertificateFile: pki.serverCertificate, tlsKeyFile: pki.serverKey)
            switch mistake {
            case "key without certificate": configuration.tlsCertificateFile = nil
            case "certificate without key": configuration.tlsKeyFile = nil
            case "missing certificate": configuration.tlsCertificateFile = pki.directory + "/nope.pem"
            default: configuration.tlsKeyFile = pki.clientKey
            }
            await #expect {
                _ = try await TracePlatformServer.start(configuration: configuration, logger: TestSupport.logger)
            } throws: { error in
                TracePlatformError.Code.tls ~= error
            }
        }
    }

    @Test func theExecutablePrintsTheSameListeningLineWithTLS() async throws {
        try await Self.withPKI { pki in
            let platform = try await PlatformProcess(arguments: [
                "--port", "0", "--db", ":memory:", "--tls-cert", pki.serverCertificate, "--tls-key", pki.serverKey,
            ])
            #expect(await Self.status(port: platform.port, tls: try Self.client(pki)) == 200)
            #expect(await platform.terminate().status == 0)
        }
    }

    @Test(arguments: [["--tls-cert", "c.pem"], ["--tls-key", "k.pem"], ["--tls-client-ca", "ca.pem"]])
    func theExecutableRefusesIncompleteTLSOptions(_ options: [String]) async throws {
        let process = Process()
        process.executableURL = try PlatformProcess.executableURL()
        process.arguments = ["--port", "0", "--db", ":memory:"] + options
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        #expect(process.terminationStatus != 0)
    }

    // MARK: helpers

    static func withPKI(_ body: (TestCertificates) async throws -> Void) async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(try TestCertificates(directory: directory.path))
    }

    static func withServer(
        _ pki: TestCertificates, clientCA: String? = nil, _ body: (TracePlatformServer) async throws -> Void
    ) async throws {
        let server = try await TracePlatformServer.start(
            configuration: PlatformConfiguration(
                databasePath: ":memory:", tlsCertificateFile: pki.serverCertificate, tlsKeyFile: pki.serverKey,
                tlsClientCAFile: clientCA),
            logger: TestSupport.logger)
        do {
            try await body(server)
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    /// A client context trusting `pki`'s CA, presenting the client certificate of `certificate` if given.
    static func client(_ pki: TestCertificates, certificate: TestCertificates? = nil) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(pki.caCertificate))
        if let certificate {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate.clientCertificate).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: certificate.clientKey, format: .pem))
        }
        return try NIOSSLContext(configuration: tls)
    }

    /// The status of `GET /healthz`, or nil when the connection ended without an answer.
    static func status(port: Int, tls: NIOSSLContext?) async -> Int? {
        (try? await HTTPTestClient.send(port: port, path: "/healthz", tls: tls))??.status
    }
}
