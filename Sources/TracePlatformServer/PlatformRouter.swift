import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Decides the answer to each request. Its methods block on SQLite: call them from a thread pool.
final class PlatformRouter: Sendable {
    let store: EventStore
    let configuration: PlatformConfiguration
    let logger: Logger
    /// The EPCIS capture side (`/capture`).
    let epcis = EPCISCaptureStore()
    private let faultBox: LockedValue<PlatformFaults>

    init(store: EventStore, configuration: PlatformConfiguration, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        var faults = configuration.faults
        faults.normalize()
        self.faultBox = LockedValue(faults)
    }

    /// The faults in force.
    var faults: PlatformFaults {
        get { faultBox.withLockedValue { $0 } }
        set {
            var faults = newValue
            faults.normalize()
            faultBox.withLockedValue { $0 = faults }
        }
    }

    /// Uses up the batch fault that applies to the next batch post, and returns it with the faults left.
    func takeBatchDecision() -> (BatchFaultDecision, PlatformFaults) {
        faultBox.withLockedValue { faults in (faults.takeBatchDecision(), faults) }
    }

    /// The answer to `request`.
    func reply(to request: PlatformRequest) -> PlatformReply {
        let path = request.path
        if path == "/healthz" {
            return Self.only([.GET, .HEAD], request) ?? PlatformReply(action: .respond(.text("ok")))
        }
        if path == "/capture" || path.hasPrefix("/capture/") {
            if let problem = authenticationProblem(request) {
                return PlatformReply(action: .respond(Self.problemJSON(status: problem.status, type: "epcisException:SecurityException",
                                                                       title: problem.message, detail: problem.message)))
            }
            return replyToCapture(request)
        }
        guard path.hasPrefix("/v1/") else {
            return PlatformReply(action: .respond(PlatformProblem(status: .notFound, message: "no such path").response))
        }
        if let problem = authenticationProblem(request) {
            return PlatformReply(action: .respond(problem.response))
        }
        switch path {
        case "/v1/batches":
            return Self.only([.POST], request) ?? replyToBatch(request)
        case "/v1/events":
            return Self.only([.GET], request) ?? PlatformReply(action: .respond(answer { try events(request) }))
        case "/v1/stats":
            return Self.only([.GET], request) ?? PlatformReply(action: .respond(answer { try stats(request) }))
        case "/v1/epcis/events":
            return Self.only([.GET], request) ?? PlatformReply(action: .respond(epcisEvents()))
        case "/v1/epcis/documents/last":
            return Self.only([.GET], request) ?? PlatformReply(action: .respond(
                epcis.lastDocument.map { PlatformResponse(status: .ok, headers: [("Content-Type", "application/ld+json")], body: $0) }
                    ?? PlatformProblem(status: .notFound, message: "no EPCIS document received yet").response))
        case "/v1/_faults":
            return Self.only([.GET, .POST, .DELETE], request) ?? PlatformReply(action: .respond(faultsAnswer(request)))
        default:
            return PlatformReply(action: .respond(PlatformProblem(status: .notFound, message: "no such path").response))
        }
    }

    /// 405 unless `request` uses one of `methods`.
    static func only(_ methods: [HTTPMethod], _ request: PlatformRequest) -> PlatformReply? {
        if methods.contains(request.method) { return nil }
        var response = PlatformProblem(status: .methodNotAllowed, message: "method not allowed").response
        response.headers.append(("Allow", methods.map(\.rawValue).joined(separator: ", ")))
        return PlatformReply(action: .respond(response))
    }

    /// 401 when a token is configured and `request` does not carry it.
    private func authenticationProblem(_ request: PlatformRequest) -> PlatformProblem? {
        guard let token = configuration.token else { return nil }
        let given = request.headers.first(name: "Authorization") ?? ""
        let prefix = "Bearer "
        if given.count > prefix.count, given.lowercased().hasPrefix(prefix.lowercased()),
           Self.constantTimeEqual(Array(given.utf8.dropFirst(prefix.utf8.count)), Array(token.utf8)) {
            return nil
        }
        return PlatformProblem(
            status: .unauthorized,
            message: given.isEmpty ? "missing bearer token" : "invalid bearer token")
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The response `body` makes, or its problem, or 500 for a database error.
    private func answer(_ body: () throws -> PlatformResponse) -> PlatformResponse {
        do {
            return try body()
        } catch let problem as PlatformProblem {
            return problem.response
        } catch is UsageGate.Closed {
            return PlatformProblem(status: .serviceUnavailable, message: "platform is shutting down").response
        } catch {
            logger.error("database error", metadata: ["platform.error": "\(error)"])
            return PlatformProblem(status: .internalServerError, message: "database error").response
        }
    }

    /// `GET /v1/events?gateway=G&after=SEQ&limit=N`.
    private func events(_ request: PlatformRequest) throws -> PlatformResponse {
        let query = request.query
        let after = try Self.integer(query["after"], name: "after", default: 0, range: Int64.min...Int64.max)
        let limit = try Self.integer(
            query["limit"], name: "limit", default: Int64(configuration.defaultEventLimit),
            range: 1...Int64(configuration.maxEventLimit))
        let events = try store.events(gateway: query["gateway"], after: after, limit: Int(limit))
        var body = Array(#"{"events":["#.utf8)
        for (index, event) in events.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: event.json.utf8)
        }
        body.append(contentsOf: "]}".utf8)
        return .rawJSON(body)
    }

    /// `GET /v1/stats?gateway=G`.
    private func stats(_ request: PlatformRequest) throws -> PlatformResponse {
        .json(try store.stats(gateway: request.query["gateway"]))
    }

    private static func integer(
        _ text: String?, name: String, default value: Int64, range: ClosedRange<Int64>
    ) throws -> Int64 {
        guard let text else { return value }
        guard let number = Int64(text), range.contains(number) else {
            throw PlatformProblem(
                status: .badRequest, message: "\(name) must be an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }

    /// `GET`, `POST` (replace) and `DELETE` (clear) of `/v1/_faults`.
    private func faultsAnswer(_ request: PlatformRequest) -> PlatformResponse {
        switch request.method {
        case .POST:
            do {
                let body = Data(request.body.readableBytesView)
                faults = try JSONDecoder().decode(PlatformFaults.self, from: body)
            } catch DecodingError.dataCorrupted(let context) {
                return PlatformProblem(status: .badRequest, message: "invalid faults: \(context.debugDescription)").response
            } catch {
                return PlatformProblem(status: .badRequest, message: "invalid faults: \(error)").response
            }
            logger.notice("faults set", metadata: ["platform.faults": "\(Self.describe(faults))"])
        case .DELETE:
            faults = .none
            logger.notice("faults cleared")
        default:
            break
        }
        return .json(faults)
    }

    /// The faults as compact JSON text, for logs.
    static func describe(_ faults: PlatformFaults) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(faults)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }
}
