import ArgumentParser
import Dispatch
import Foundation
import Logging
import TracePlatformServer

/// `edgetrace-platform`: parses the command line, starts a ``TracePlatformServer``, prints
/// `listening on HOST:PORT` on stdout, and shuts down on SIGTERM or SIGINT.
@main
struct PlatformCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edgetrace-platform",
        abstract: "The reference EdgeTrace central trace platform (native protocol v1), with fault injection.",
        discussion: """
            Prints one line 'listening on HOST:PORT' on stdout once it accepts connections, logs to stderr, \
            and exits 0 on SIGTERM or SIGINT. With --tls-cert and --tls-key it speaks HTTPS only (the line is the same); \
            --tls-client-ca also requires client certificates (mutual TLS). Faults can also be changed at run time: POST, GET or DELETE /v1/_faults. \
            It also serves the EPCIS 2.0 capture interface (OPTIONS/POST /capture, GET /capture/{id}; --epcis-… options); \
            GET /v1/epcis/events lists what it captured.
            """)

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 8480

    @Option(help: "SQLite database file (WAL); ':memory:' keeps events in memory.")
    var db = "./platform.sqlite"

    @Option(help: "Bearer token every /v1/ request must carry.")
    var token: String?

    @Option(help: "File holding the bearer token (surrounding whitespace is ignored).")
    var tokenFile: String?

    @Option(help: "PEM certificate (chain) to serve HTTPS with; needs --tls-key. Default: plain HTTP.")
    var tlsCert: String?

    @Option(help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(help: "PEM CA certificate(s): require a client certificate signed by one of them (mutual TLS).")
    var tlsClientCa: String?

    @Option(help: "Answer batch posts with this HTTP status (fault injection).")
    var failStatus: Int?

    @Option(help: "How many batch posts --fail-status applies to (default: until cleared).")
    var failCount: Int?

    @Option(help: "Retry-After value sent with --fail-status (seconds or an HTTP date).")
    var retryAfter: String?

    @Option(help: "Answer 413 to batches with more events than this.")
    var maxEvents: Int?

    @Option(help: "Wait this many milliseconds before answering each batch post.")
    var delayMs: Int?

    @Option(help: "Close the connection without answering the next N batch posts.")
    var dropCount: Int?

    @Flag(help: "Close the connection without answering every batch post (until cleared over HTTP).")
    var drop = false

    @Option(help: "Answer 422 to batches with an event whose JSON contains this text.")
    var poisonSubstring: String?

    @Option(help: "Answer 422 to batches holding this eventID (repeatable).")
    var poisonEventID: [String] = []

    @Option(help: "Reject this eventID in every batch (repeatable).")
    var rejectEventID: [String] = []

    @Option(help: "EPCIS /capture: events per capture advertised in GS1-EPCIS-Capture-Limit.")
    var epcisCaptureLimit = 500

    @Option(help: "EPCIS /capture: bytes per capture advertised in GS1-EPCIS-Capture-File-Size-Limit.")
    var epcisFileSizeLimit = 1 << 20

    @Flag(help: "EPCIS /capture: answer 413 also to a capture equal to an advertised limit (as one real server does).")
    var epcisRejectAtLimit = false

    @Flag(help: "EPCIS /capture: answer 201 after storing instead of 202 + a capture job.")
    var epcisSync = false

    @Option(help: "EPCIS /capture: how many polls of a capture job answer running:true first.")
    var epcisJobPolls = 1

    @Option(help: "EPCIS /capture: events whose JSON contains this text fail in their capture job (fault injection).")
    var epcisFailSubstring: String?

    @Option(help: "EPCIS /capture: answer captures with this status as application/problem+json (fault injection).")
    var epcisProblemStatus: Int?

    @Option(help: "EPCIS /capture: how many captures --epcis-problem-status applies to (default: all).")
    var epcisProblemCount: Int?

    /// The EPCIS capture settings the command line asks for.
    var epcisSettings: EPCISCaptureSettings {
        EPCISCaptureSettings(captureLimit: epcisCaptureLimit, fileSizeLimit: epcisFileSizeLimit, rejectAtLimit: epcisRejectAtLimit,
                             synchronous: epcisSync, jobPolls: epcisJobPolls, failSubstring: epcisFailSubstring,
                             problemStatus: epcisProblemStatus, problemCount: epcisProblemCount)
    }

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    /// The faults the command line asks for.
    var faults: PlatformFaults {
        PlatformFaults(
            status: failStatus, statusCount: failStatus == nil ? nil : failCount, retryAfter: retryAfter,
            maxEvents: maxEvents, delayMs: delayMs, drop: drop || dropCount != nil, dropCount: dropCount,
            rejectEventIDs: rejectEventID, poisonEventIDs: poisonEventID, poisonSubstring: poisonSubstring)
    }

    func validate() throws {
        if token != nil && tokenFile != nil {
            throw ValidationError("give --token or --token-file, not both")
        }
        if (tlsCert == nil) != (tlsKey == nil) {
            throw ValidationError("give --tls-cert and --tls-key together")
        }
        if tlsClientCa != nil && tlsCert == nil {
            throw ValidationError("--tls-client-ca needs --tls-cert and --tls-key")
        }
        if failCount != nil && failStatus == nil {
            throw ValidationError("--fail-count needs --fail-status")
        }
        if epcisCaptureLimit < 1 || epcisFileSizeLimit < 1 || epcisJobPolls < 0 {
            throw ValidationError("--epcis-capture-limit and --epcis-file-size-limit must be at least 1, --epcis-job-polls at least 0")
        }
        if let problem = faults.validationProblem {
            throw ValidationError("invalid fault: \(problem)")
        }
    }

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "edgetrace.platform")
        let bearer = try readToken()
        let signals = SignalWaiter(signals: [SIGTERM, SIGINT])
        var configuration = PlatformConfiguration(
            host: host, port: port, databasePath: db, token: bearer, faults: faults,
            tlsCertificateFile: tlsCert, tlsKeyFile: tlsKey, tlsClientCAFile: tlsClientCa)
        configuration.epcis = epcisSettings
        let server = try await TracePlatformServer.start(configuration: configuration, logger: logger)
        // One machine-readable line for test harnesses (the same with TLS: nothing after the port);
        // an unbuffered write, so nothing to flush.
        FileHandle.standardOutput.write(Data("listening on \(server.host):\(server.port)\n".utf8))
        let signal = await signals.wait()
        logger.info("signal received", metadata: ["platform.signal": "\(signal)"])
        try await server.shutdown()
    }

    private func readToken() throws -> String? {
        guard let tokenFile else { return token }
        do {
            let text = try String(contentsOfFile: tokenFile, encoding: .utf8)
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw ValidationError("token file \(tokenFile) is empty") }
            return trimmed
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("cannot read token file \(tokenFile): \(error.localizedDescription)")
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
