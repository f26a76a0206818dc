import AsyncHTTPClient
import CompressNIO
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import NIOSSL
import ServiceLifecycle
import TraceModel
import TraceStore

/// Sends the outbox upstream in `seq` order and moves the cursor only on the platform's acknowledgement
/// (DESIGN.md §1 step 4, §5). Its `run()` is its whole lifetime: it owns the HTTP client, and on graceful
/// shutdown it lets the request in flight finish (bounded by the request timeout) and stops.
public final class Uploader: Service, Sendable {
    private let store: TraceStore
    let config: UploadConfiguration
    let logger: Logger
    private let state: UploaderState
    /// Operator requests: sync now, pause, resume (the daemon's control socket).
    public let control: UploadControl

    public init(store: TraceStore, config: UploadConfiguration, logger: Logger, control: UploadControl? = nil) {
        self.store = store
        self.control = control ?? UploadControl(store: store)
        self.config = config
        self.logger = logger
        self.state = UploaderState(status: UploaderStatus(link: .online, upstream: config.baseURL, batchLimit: config.batchMaxEvents))
    }

    /// The current status.
    public var status: UploaderStatus { get async { await state.status } }

    public func run() async throws {
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: try makeClientConfiguration())
        do {
            try await loop(client: client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func loop(client: HTTPClient) async throws {
        var commits = await store.commits().cancelOnGracefulShutdown().makeAsyncIterator()
        var token = readToken()
        var attempt = 0
        var batchLimit = config.batchMaxEvents
        var batchLimitUntil: ContinuousClock.Instant? = nil
        var bisecting = false
        var captureLimits: EPCISCaptureLimits? = nil
        let clock = ContinuousClock()
        /// After a 413 or a timeout: half as many events a batch, for `splitMemory`.
        func halveBatches(from count: Int) {
            batchLimit = max(1, count / 2)
            batchLimitUntil = clock.now.advanced(by: config.splitMemory)
        }
        await publish()
        var storeFailures = 0
        // The next batch, read and encoded while the previous one was in flight (native protocol).
        var prefetched: PreparedBatch? = nil
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                if !bisecting, let until = batchLimitUntil, clock.now >= until {
                    batchLimit = config.batchMaxEvents
                    batchLimitUntil = nil
                }
                if control.isPaused {
                    try await waitWhilePaused()
                    continue
                }
                let epcis = config.upstreamProtocol == .epcis
                var limitsResult: Result<EPCISCaptureLimits, LimitsUnavailable> = .success(captureLimits ?? EPCISCaptureLimits())
                if epcis, captureLimits == nil {
                    limitsResult = await discoverCaptureLimits(client: client, token: token)
                    captureLimits = try? limitsResult.get()
                }
                let fetchLimit = epcis ? (captureLimits ?? EPCISCaptureLimits()).maxEvents(configured: batchLimit) : batchLimit
                // Quarantined events an operator asked to retry go first, one at a time; the cursor is not involved.
                let retries = try store.pendingRetries(limit: 1)
                let isRetry = !retries.isEmpty
                let cursor = try store.cursor()
                var batch: [StoredEvent]
                var body: PreparedBody? = nil
                var full: Bool
                if !isRetry, !epcis, let next = prefetched, next.after == cursor, next.limit == fetchLimit,
                   next.generation == store.rewriteGeneration {
                    batch = next.events
                    body = next.body
                    full = next.full
                } else {
                    batch = isRetry ? Self.correctingClocks(retries, references: try store.clockReferences())
                                    : try readBatch(after: cursor, limit: fetchLimit)
                    full = isFull(batch, limit: fetchLimit)
                }
                prefetched = nil
                if batch.isEmpty {
                    let limit = batchLimit
                    await state.update { $0.batchLimit = limit; $0.nextRetryMillis = nil }
                    await publish()
                    guard await commits.next() != nil else { break }
                    continue
                }
                // While the platform works on this batch, the next one is read and encoded (a backlog drain
                // then keeps both the gateway and the platform busy); it is used only if this batch is
                // delivered whole and the cursor ends where it starts. Only after a full batch: a station
                // keeping up sends small ones, and reading ahead would only wake threads for an empty read.
                let prefetch = !epcis && !isRetry && !bisecting && full
                let lastSeq = batch.last!.seq
                async let next = prefetch ? self.prepare(after: lastSeq, limit: fetchLimit) : nil
                // On graceful shutdown the request in flight is abandoned: the batch is simply sent again at the
                // next start, and the platform deduplicates it by eventID.
                if !epcis, body == nil {
                    body = encode(batch)
                    batch = Self.withoutBodies(batch)
                }
                var (covered, decision) = (try? await cancelWhenGracefulShutdown { [token, batch, body, limitsResult] in
                    epcis ? await self.sendEPCIS(batch, client: client, token: token, limits: limitsResult)
                          : (batch.count, await self.send(batch, body: body!, client: client, token: token))
                }) ?? (batch.count, .retry(after: .zero, reason: "stopping", link: .offline))
                if case .delivered = decision, covered >= batch.count, let next = await next {
                    prefetched = next
                }
                batch = Array(batch.prefix(max(1, covered)))
                if case .timedOut(let reason) = decision {
                    halveBatches(from: batch.count)
                    logger.warning("no answer in time to a batch of \(batch.count) events; halving it",
                                   metadata: ["upload.batch_limit": "\(batchLimit)"])
                    decision = .retry(after: nil, reason: reason, link: .offline)
                }
                if case .retry = decision, Task.isShuttingDownGracefully { break }
                let now = Self.nowMillis()
                switch decision {
                case .delivered(let rejected):
                    let bySeq = Dictionary(batch.map { ($0.eventID, $0.seq) }, uniquingKeysWith: { a, _ in a })
                    let quarantine = rejected.compactMap { r in bySeq[r.eventID].map { (seq: $0, eventID: r.eventID, reason: r.reason) } }
                    if isRetry {
                        let refused = Set(quarantine.map(\.seq))
                        try store.completeRetries(delivered: batch.map(\.seq).filter { !refused.contains($0) },
                                                  rejected: quarantine.map { ($0.seq, $0.reason) }, nowMillis: now)
                    } else {
                        try store.acknowledge(through: batch.last!.seq, quarantine: quarantine, nowMillis: now)
                    }
                    for q in quarantine {
                        logger.error("platform rejected an event; it is quarantined locally (edgetrace quarantine list)",
                                     metadata: ["event.seq": "\(q.seq)", "event.id": "\(q.eventID)", "upload.reason": "\(q.reason)"])
                    }
                    attempt = 0
                    if bisecting { bisecting = false; batchLimit = config.batchMaxEvents }
                    await state.delivered(count: batch.count - quarantine.count, quarantined: quarantine.count, atMillis: now)
                    let limit = batchLimit
                    await state.update { $0.link = .online; $0.batchLimit = limit; $0.nextRetryMillis = nil }
                    logger.debug("batch delivered", metadata: ["upload.batch": "\(batch.first!.seq)-\(batch.last!.seq)", "upload.events": "\(batch.count)"])
                case .quarantine(let reason) where isRetry:
                    try store.completeRetries(delivered: [], rejected: batch.map { ($0.seq, reason) }, nowMillis: now)
                    logger.error("platform refused a retried event again; it stays quarantined",
                                 metadata: ["event.seq": "\(batch[0].seq)", "upload.reason": "\(reason)"])
                case .split where isRetry, .bisect where isRetry:
                    try store.completeRetries(delivered: [], rejected: batch.map { ($0.seq, "platform refused the retried event (\(decision))") },
                                              nowMillis: now)
                case .quarantine(let reason):
                    try store.acknowledge(through: batch.last!.seq, quarantine: batch.map { (seq: $0.seq, eventID: $0.eventID, reason: reason) }, nowMillis: now)
                    logger.error("platform refused an event; it is quarantined locally and the queue moves on (edgetrace quarantine list)",
                                 metadata: ["event.seq": "\(batch[0].seq)", "event.id": "\(batch[0].eventID)", "upload.reason": "\(reason)"])
                    await state.delivered(count: 0, quarantined: batch.count, atMillis: now)
                    bisecting = false
                    batchLimit = config.batchMaxEvents
                    attempt = 0
                case .split:
                    captureLimits = nil  // EPCIS: learn the limits again
                    halveBatches(from: batch.count)
                    logger.warning("platform says the batch is too large (413); halving it", metadata: ["upload.batch_limit": "\(batchLimit)"])
                case .bisect(let reason):
                    bisecting = true
                    batchLimit = max(1, batch.count / 2)
                    logger.warning("platform refused the batch; halving it to find the bad event", metadata: ["upload.batch_limit": "\(batchLimit)", "upload.reason": "\(reason)"])
                case .timedOut:
                    break  // made a .retry above
                case .retry(let after, let reason, let link):
                    UploadMetrics.retries.increment()
                    let backoff = link == .unauthorized ? config.unauthorizedBackoff : config.backoff
                    let unit = Double.random(in: 0..<1)
                let delay = after.map { backoff.delay(retryAfter: $0, unit: unit) } ?? backoff.delay(attempt: attempt, unit: unit)
                    attempt += 1
                    let delayMs = delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000
                    await state.update {
                        $0.link = link
                        $0.lastError = reason
                        $0.lastErrorMillis = now
                        $0.nextRetryMillis = now + delayMs
                    }
                    await publish()
                    logger.warning("upload failed; nothing is lost, the events stay queued",
                                   metadata: ["upload.reason": "\(reason)", "retry.delay_ms": "\(delayMs)", "retry.attempt": "\(attempt)",
                                              "upload.queued_from": "\(batch.first!.seq)"])
                    if link == .unauthorized { token = readToken() }
                    // `edgetrace sync` ends this wait early.
                    let control = self.control
                    try? await cancelWhenGracefulShutdown { await control.sleep(for: delay) }
                }
                await publish(throttled: true)
                storeFailures = 0
            } catch {
                // The local database failed (disk full, I/O error): nothing was acknowledged or moved, the
                // platform keeps what it has; pause and try again instead of stopping the daemon.
                storeFailures += 1
                let delay = config.backoff.delay(attempt: storeFailures, unit: Double.random(in: 0.5..<1))
                logger.error("local database error during upload; the queue is kept, retrying",
                             metadata: ["store.error": "\(error)", "retry.delay_ms": "\(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)"])
                let reason = "local database error: \(error)"
                await state.update { $0.lastError = reason; $0.lastErrorMillis = Self.nowMillis() }
                await publish()
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
            }
        }
        await publish()
    }

    /// Waits until an operator resumes uploading (or the daemon stops); status says `paused` meanwhile.
    private func waitWhilePaused() async throws {
        logger.notice("uploading paused by the operator; events stay queued (edgetrace resume)")
        await state.update { $0.paused = true; $0.nextRetryMillis = nil }
        await publish()
        let control = self.control
        while control.isPaused, !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { await control.sleep(for: .seconds(3600)) }
        }
        await state.update { $0.paused = nil }
        await publish()
        if !control.isPaused { logger.notice("uploading resumed") }
    }

    /// A batch body ready to send: the encoded events, gzipped when so configured.
    struct PreparedBody: Sendable {
        var bytes: ByteBuffer
        var gzipped: Bool
    }

    /// The events after `after` (at most `limit`), read and encoded ahead of their turn.
    struct PreparedBatch: Sendable {
        var after: Int64
        var limit: Int
        /// ``TraceStore/rewriteGeneration`` before the read.
        var generation: Int
        var events: [StoredEvent]
        var body: PreparedBody
        /// Whether the read stopped at the limit or at ``UploadConfiguration/batchMaxBytes``.
        var full: Bool
    }

    /// Up to `limit` events after `after`, with their times corrected where the clock was not synchronised.
    private func readBatch(after: Int64, limit: Int) throws -> [StoredEvent] {
        Self.correctingClocks(try store.batch(after: after, limit: limit, maxBytes: config.batchMaxBytes),
                              references: try store.clockReferences())
    }

    /// Whether `batch`, with its bodies, is as large as a batch gets: more events may be waiting.
    private func isFull(_ batch: [StoredEvent], limit: Int) -> Bool {
        batch.count >= limit || batch.reduce(0) { $0 + $1.body.count } >= config.batchMaxBytes
    }

    /// Reads and encodes the batch that follows `after`; nil when there is none yet or the store cannot be
    /// read (the loop then reads it in its turn and handles the error there).
    private func prepare(after: Int64, limit: Int) -> PreparedBatch? {
        let generation = store.rewriteGeneration
        guard let batch = try? readBatch(after: after, limit: limit), !batch.isEmpty else { return nil }
        return PreparedBatch(after: after, limit: limit, generation: generation, events: Self.withoutBodies(batch), body: encode(batch),
                             full: isFull(batch, limit: limit))
    }

    /// The events with their bodies dropped: once a batch is encoded, only `seq` and `eventID` are needed
    /// (acknowledgement, quarantine), and a backlog drain holds two batches.
    static func withoutBodies(_ batch: [StoredEvent]) -> [StoredEvent] {
        batch.map { event in
            var event = event
            event.body = []
            return event
        }
    }

    /// The body of `POST /v1/batches` for `batch`.
    func encode(_ batch: [StoredEvent]) -> PreparedBody {
        let buffer = ByteBuffer(bytes: NativeEncoder.encode(gateway: config.gateway, events: batch))
        var input = buffer  // compressing reads it; the copy on write keeps `buffer` whole for the fallback
        if config.gzip, let compressed = try? input.compress(with: .gzip(configuration: Self.zlib(level: config.gzipLevel))) {
            return PreparedBody(bytes: compressed, gzipped: true)
        }
        return PreparedBody(bytes: buffer, gzipped: false)
    }

    private func send(_ batch: [StoredEvent], body: PreparedBody, client: HTTPClient, token: String?) async -> UploadDecision {
        var request = HTTPClientRequest(url: config.baseURL.trimmingSuffix("/") + "/v1/batches")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: NativeEncoder.idempotencyKey(gateway: config.gateway, events: batch))
        request.headers.add(name: "User-Agent", value: "edgetraced")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if body.gzipped { request.headers.add(name: "Content-Encoding", value: "gzip") }
        request.body = .bytes(body.bytes)
        do {
            let timeout = TimeAmount.nanoseconds(Int64(config.requestTimeout.components.seconds) * 1_000_000_000
                + config.requestTimeout.components.attoseconds / 1_000_000_000)
            let started = ContinuousClock.now
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 4 << 20)
            UploadMetrics.duration.record(duration: ContinuousClock.now - started)
            return ResponseClassifier.classify(
                status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"),
                body: Array(buffer: body), batchCount: batch.count, nowMillis: Self.nowMillis())
        } catch {
            return Self.failed(error, events: batch.count)
        }
    }

    private func readToken() -> String? {
        guard let file = config.tokenFile else { return nil }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            logger.error("cannot read the token file; uploading without credentials", metadata: ["upload.token_file": "\(file)"])
            return nil
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return token.isEmpty ? nil : token
    }

    private func makeClientConfiguration() throws -> HTTPClient.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if config.insecure { tls.certificateVerification = .none }
        if let ca = config.caFile { tls.trustRoots = .file(ca) }
        if let cert = config.clientCertificateFile {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
            if let key = config.clientKeyFile { tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)) }
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.decompression = .enabled(limit: .ratio(50))
        configuration.connectionPool.idleTimeout = .seconds(60)
        return configuration
    }

    private let lastPublish = ManagedAtomicMillis()

    private func publish(throttled: Bool = false) async {
        let now = Self.nowMillis()
        if throttled, !lastPublish.due(now: now, every: 1000) { return }
        let status = await state.status
        guard let data = try? JSONEncoder().encode(status) else { return }
        try? store.writeStatus(key: "uploader", json: String(decoding: data, as: UTF8.self), nowMillis: now)
    }

    static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    private static let unsyncedMarker = Array(#""synced":false"#.utf8)

    /// Events captured with an unsynchronised clock in a boot whose clock has since been synchronised get
    /// their time recomputed from boot time before upload (DESIGN.md §6); the stored event, which the hash
    /// chain covers, is unchanged, and the wire event keeps the captured time in `clock.originalTime`.
    public static func correctingClocks(_ batch: [StoredEvent], references: [String: ClockReference]) -> [StoredEvent] {
        guard !references.isEmpty else { return batch }
        return batch.map { stored in
            guard stored.body.firstRange(of: unsyncedMarker) != nil,
                  let event = try? JSONDecoder().decode(TraceEvent.self, from: Data(stored.body)),
                  let reference = references[event.clock.bootID],
                  let corrected = event.correctingTime(with: reference),
                  let body = try? corrected.canonicalBytes()
            else { return stored }
            var out = stored
            out.body = body
            return out
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ s: String) -> String {
        var out = self
        while out.hasSuffix(s) { out.removeLast(s.count) }
        return out
    }
}

extension Uploader {
    /// zlib settings for a compression level 1–9 (out of range: zlib's default).
    static func zlib(level: Int) -> ZlibConfiguration {
        ZlibConfiguration(compressionLevel: (1...9).contains(level) ? Int32(level) : -1)
    }
}
