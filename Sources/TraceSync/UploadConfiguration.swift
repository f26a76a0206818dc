/// The wire protocol of an upstream (`protocol` in `[upstream]`).
public enum UpstreamProtocol: String, Sendable, Hashable, CaseIterable {
    /// `POST {url}/v1/batches` (DESIGN.md §5, native protocol v1).
    case native
    /// EPCIS 2.0 capture: `OPTIONS`/`POST {url}/capture`, capture jobs polled at `Location`.
    case epcis
}

/// How events go upstream (the `[upstream]` table of the config).
public struct UploadConfiguration: Sendable, Hashable {
    /// Base URL of the platform, e.g. `https://trace.example.com`; `/v1/batches` is appended.
    public var baseURL: String
    /// This gateway's name.
    public var gateway: String
    /// File holding the bearer token (systemd `LoadCredential`); read at start and again after a 401/403.
    public var tokenFile: String?
    /// PEM file of CA certificates to trust instead of the system store.
    public var caFile: String?
    /// PEM client certificate and key for mutual TLS.
    public var clientCertificateFile: String?
    public var clientKeyFile: String?
    /// Events per batch at most.
    public var batchMaxEvents: Int
    /// Bytes of stored event JSON per batch at most: a batch ends with the event that reaches it (always at
    /// least one event). It bounds the memory of a drain whatever the size of the events: the uploader holds
    /// a batch and the one read ahead, each as events and as the request body.
    public var batchMaxBytes: Int = 1 << 20
    /// Time allowed for one request, connect to last byte.
    public var requestTimeout: Duration
    public var backoff: Backoff
    /// Backoff used after 401/403, where quick retries only fill logs.
    public var unauthorizedBackoff: Backoff
    /// gzip request bodies.
    public var gzip: Bool
    /// zlib level 1–9. 3 (default) compresses a batch about as fast as 1 and 2.2× faster than zlib's
    /// default 6, for about 13 % more bytes: in a backlog drain gzip was half of the uploader's CPU.
    public var gzipLevel: Int = 3
    /// TLS certificate verification off (test platforms only).
    public var insecure: Bool = false
    /// How long a batch size learned from a 413 is kept before trying the configured size again.
    public var splitMemory: Duration
    /// Native batches or EPCIS 2.0 capture.
    public var upstreamProtocol: UpstreamProtocol = .native
    /// GS1 Company Prefix lengths for EPC URIs in EPCIS events (`[interpreter] company_prefixes`).
    public var companyPrefixes: [String: Int] = [:]
    /// EPCIS: first wait between polls of a capture job (doubles up to 2 s).
    public var epcisPollInterval: Duration = .milliseconds(100)
    /// EPCIS: how long a capture job may run before the batch is sent again (the repository deduplicates).
    public var epcisJobTimeout: Duration = .seconds(120)

    public init(
        baseURL: String, gateway: String, tokenFile: String? = nil, caFile: String? = nil,
        clientCertificateFile: String? = nil, clientKeyFile: String? = nil, batchMaxEvents: Int = 2000,
        requestTimeout: Duration = .seconds(15), backoff: Backoff = Backoff(),
        unauthorizedBackoff: Backoff = Backoff(base: .seconds(30), cap: .seconds(600)),
        gzip: Bool = true, splitMemory: Duration = .seconds(600)
    ) {
        self.baseURL = baseURL
        self.gateway = gateway
        self.tokenFile = tokenFile
        self.caFile = caFile
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
        self.batchMaxEvents = batchMaxEvents
        self.requestTimeout = requestTimeout
        self.backoff = backoff
        self.unauthorizedBackoff = unauthorizedBackoff
        self.gzip = gzip
        self.splitMemory = splitMemory
    }
}

/// What the uploader reports for `edgetrace status` (no secrets in here).
public struct UploaderStatus: Sendable, Codable, Hashable {
    public var link: LinkState
    public var upstream: String?
    public var lastSuccessMillis: Int64?
    public var lastError: String?
    public var lastErrorMillis: Int64?
    public var nextRetryMillis: Int64?
    /// Events acknowledged per second over the last minute.
    public var eventsPerSecond: Double
    public var batchLimit: Int
    public var delivered: Int64
    public var quarantined: Int64
    /// True while an operator has paused uploading (`edgetrace pause`); events stay queued.
    public var paused: Bool?

    public init(link: LinkState, upstream: String?, batchLimit: Int) {
        self.link = link
        self.upstream = upstream
        self.eventsPerSecond = 0
        self.batchLimit = batchLimit
        self.delivered = 0
        self.quarantined = 0
    }
}
