import NIOSSL

/// Builds the server's TLS context from a ``PlatformConfiguration`` (`--tls-cert`, `--tls-key`,
/// `--tls-client-ca`).
enum PlatformTLS {
    /// The TLS context for `configuration`, or nil when it asks for plain HTTP.
    ///
    /// With a client CA the server requires a client certificate that chains to it (mutual TLS);
    /// the client's host name is not checked.
    /// - Throws: ``TracePlatformError`` with code `.tls` when a file cannot be loaded or the key
    ///   does not go with the certificate.
    static func makeContext(_ configuration: PlatformConfiguration) throws -> NIOSSLContext? {
        guard let certificateFile = configuration.tlsCertificateFile else {
            guard configuration.tlsKeyFile == nil, configuration.tlsClientCAFile == nil else {
                throw TracePlatformError(code: .tls, message: "a TLS key or client CA needs a TLS certificate (--tls-cert)")
            }
            return nil
        }
        guard let keyFile = configuration.tlsKeyFile else {
            throw TracePlatformError(code: .tls, message: "a TLS certificate needs its private key (--tls-key)")
        }
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
        } catch {
            throw TracePlatformError(
                code: .tls, message: "cannot load the TLS certificate \(certificateFile); is it a readable PEM file?", cause: error)
        }
        guard !chain.isEmpty else {
            throw TracePlatformError(code: .tls, message: "the TLS certificate file \(certificateFile) holds no PEM certificate")
        }
        do {
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw TracePlatformError(
                code: .tls, message: "cannot load the TLS private key \(keyFile); is it a readable, unencrypted PEM key?", cause: error)
        }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        if let clientCA = configuration.tlsClientCAFile {
            do {
                let roots = try NIOSSLCertificate.fromPEMFile(clientCA)
                guard !roots.isEmpty else { throw NIOSSLError.failedToLoadCertificate }
                tls.trustRoots = .certificates(roots)
            } catch {
                throw TracePlatformError(
                    code: .tls, message: "cannot load the client CA \(clientCA); is it a readable PEM file?", cause: error)
            }
            tls.certificateVerification = .noHostnameVerification
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw TracePlatformError(
                code: .tls, message: "the TLS certificate and key do not make a usable TLS setup; does the key belong to the certificate?",
                cause: error)
        }
    }
}
