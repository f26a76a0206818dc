import Foundation

/// A throwaway PKI made with the `openssl` CLI at test time: a test CA, a server certificate for
/// 127.0.0.1 (subjectAltName IP:127.0.0.1) and a client certificate, both signed by the CA. P-256 keys,
/// valid for two days, unencrypted PEM files in `directory`.
public struct TestCertificates: Sendable {
    /// Where the PEM files are.
    public let directory: String
    /// The test CA's certificate: the `ca_file` of a client, the `--tls-client-ca` of the platform.
    public var caCertificate: String { directory + "/ca.pem" }
    /// The server certificate (CN and subjectAltName 127.0.0.1) and its key.
    public var serverCertificate: String { directory + "/server.pem" }
    /// The server certificate's private key.
    public var serverKey: String { directory + "/server.key" }
    /// The client certificate (CN itest, clientAuth) and its key, for mutual TLS.
    public var clientCertificate: String { directory + "/client.pem" }
    /// The client certificate's private key.
    public var clientKey: String { directory + "/client.key" }

    /// Generates the CA, server and client certificates into `directory` (created if needed).
    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try Self.openssl(["req", "-x509"] + key + [
            "-keyout", directory + "/ca.key", "-out", caCertificate, "-days", "2", "-subj", "/CN=EdgeTrace Test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try issue(name: "server", subject: "/CN=127.0.0.1",
                  extensions: "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n")
        try issue(name: "client", subject: "/CN=itest",
                  extensions: "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n")
    }

    /// A key, a CSR and a certificate `name`.pem signed by the CA with `extensions` (an -extfile).
    private func issue(name: String, subject: String, extensions: String) throws {
        let base = directory + "/" + name
        try extensions.write(toFile: base + ".ext", atomically: true, encoding: .utf8)
        try Self.openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", base + ".key", "-out", base + ".csr", "-subj", subject])
        try Self.openssl(["x509", "-req", "-in", base + ".csr", "-CA", caCertificate, "-CAkey", directory + "/ca.key",
                          "-set_serial", "\(UInt32.random(in: 1...UInt32.max))", "-days", "2", "-sha256",
                          "-extfile", base + ".ext", "-out", base + ".pem"])
    }

    /// Runs `openssl` with `arguments`; throws with its output when it fails or is not installed.
    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("openssl \(arguments.first ?? "") failed (\(process.terminationStatus); scripts/install-deps.sh installs it): "
                              + String(decoding: output, as: UTF8.self))
        }
    }
}
