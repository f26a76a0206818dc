/// How a ``TracePlatformServer`` is set up.
///
/// Keys (the command line of `edgetrace-platform` sets the same):
/// - `host`: the address to listen on (`--host`, default `127.0.0.1`).
/// - `port`: the port to listen on; 0 picks a free one (`--port`, default 0 here, 8480 for the tool).
/// - `databasePath`: the SQLite file (WAL); `:memory:` keeps events in memory (`--db`).
/// - `token`: the bearer token every `/v1/` request must carry; nil = no authentication
///   (`--token`, `--token-file`).
/// - `faults`: the faults injected from the start (`--fail-status`, `--max-events`, …).
/// - `maxBodyBytes`: the largest request body, before and after gzip decompression; larger → 413
///   (default 64 MiB).
/// - `defaultEventLimit`, `maxEventLimit`: the `limit` of `GET /v1/events` when not given, and
///   its largest accepted value (default 1000 and 10000).
/// - `tlsCertificateFile`, `tlsKeyFile`: PEM certificate chain and private key; when both are set the
///   server speaks HTTPS only (`--tls-cert`, `--tls-key`; default nil = plain HTTP).
/// - `tlsClientCAFile`: PEM CA certificate(s); when set (with TLS on) every client must present a
///   certificate signed by one of them, i.e. mutual TLS (`--tls-client-ca`; default nil).
/// - `epcis`: the EPCIS 2.0 capture interface (``EPCISCaptureSettings``; `--epcis-…`).
public struct PlatformConfiguration: Sendable, Equatable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on; 0 picks a free one.
    public var port: Int
    /// The SQLite file; `:memory:` keeps events in memory.
    public var databasePath: String
    /// The bearer token `/v1/` requests must carry, or nil for none.
    public var token: String?
    /// The faults injected from the start.
    public var faults: PlatformFaults
    /// The largest request body in bytes, before and after decompression.
    public var maxBodyBytes: Int
    /// The `limit` of `GET /v1/events` when none is given.
    public var defaultEventLimit: Int
    /// The largest `limit` `GET /v1/events` accepts.
    public var maxEventLimit: Int
    /// The PEM certificate chain served over TLS, or nil for plain HTTP.
    public var tlsCertificateFile: String?
    /// The PEM private key of ``tlsCertificateFile``.
    public var tlsKeyFile: String?
    /// The PEM CA certificate(s) client certificates must chain to; nil = no client certificate asked for.
    public var tlsClientCAFile: String?
    /// The EPCIS capture interface's limits, mode and faults.
    public var epcis: EPCISCaptureSettings = EPCISCaptureSettings()

    /// Whether the server speaks TLS.
    public var isTLS: Bool { tlsCertificateFile != nil }

    /// Creates a configuration; only the database path has no default.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        databasePath: String,
        token: String? = nil,
        faults: PlatformFaults = .init(),
        maxBodyBytes: Int = 64 << 20,
        defaultEventLimit: Int = 1000,
        maxEventLimit: Int = 10000,
        tlsCertificateFile: String? = nil,
        tlsKeyFile: String? = nil,
        tlsClientCAFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.token = token
        self.faults = faults
        self.maxBodyBytes = maxBodyBytes
        self.defaultEventLimit = defaultEventLimit
        self.maxEventLimit = maxEventLimit
        self.tlsCertificateFile = tlsCertificateFile
        self.tlsKeyFile = tlsKeyFile
        self.tlsClientCAFile = tlsClientCAFile
    }
}
