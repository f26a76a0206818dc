import Foundation
import Logging
import NIOCore
import NIOHTTP1
import PlatformParsing

extension PlatformRouter {
    /// The answer of `POST /v1/batches`, `{ "accepted": N, "duplicates": M, "rejected": [ … ] }`.
    struct BatchAnswer: Encodable, Equatable {
        struct Rejection: Encodable, Equatable {
            var eventID: String
            var index: Int
            var reason: String
        }

        var accepted: Int
        var duplicates: Int
        var rejected: [Rejection]
    }

    /// The reason given for events listed in `rejectEventIDs`.
    static let injectedRejectionReason = "rejected by platform fault injection"

    /// `POST /v1/batches`: faults first, then decoding, limits, poison, and storing.
    func replyToBatch(_ request: PlatformRequest) -> PlatformReply {
        let (decision, faults) = takeBatchDecision()
        let delayMs = faults.delayMs ?? 0
        var log = BatchLog(idempotencyKey: request.headers.first(name: "Idempotency-Key"))
        let reply: PlatformReply
        switch decision {
        case .drop:
            log.outcome = "dropped"
            reply = PlatformReply(action: .drop, delayMs: delayMs)
        case .status(let code, let retryAfter):
            let status = HTTPResponseStatus(statusCode: code)
            var response = PlatformProblem(status: status, message: "injected fault: status \(code)").response
            if let retryAfter { response.headers.append(("Retry-After", retryAfter)) }
            log.outcome = "injected status"
            log.status = status
            reply = PlatformReply(action: .respond(response), delayMs: delayMs)
        case .proceed:
            let response = processBatch(request, faults: faults, log: &log)
            log.status = response.status
            let slowLink = (faults.delayMsPerEvent ?? 0) * (log.events ?? 0)
            reply = PlatformReply(action: .respond(response), delayMs: min(delayMs + slowLink, 600_000))
        }
        log.write(to: logger)
        return reply
    }

    /// Decodes, checks and stores a batch that no fault pre-empted.
    private func processBatch(_ request: PlatformRequest, faults: PlatformFaults, log: inout BatchLog) -> PlatformResponse {
        do {
            let body = try GzipBody.decode(
                request.body, contentEncoding: request.headers.first(name: "Content-Encoding"),
                maxBytes: configuration.maxBodyBytes)
            let batch: DecodedBatch
            do {
                batch = try BatchDecoder.decode(Array(body.readableBytesView))
            } catch {
                throw PlatformProblem(status: HTTPResponseStatus(statusCode: error.status), message: error.message)
            }
            log.gateway = batch.gateway
            log.events = batch.events.count
            if let maxEvents = faults.maxEvents, batch.events.count > maxEvents {
                throw PlatformProblem(
                    status: .payloadTooLarge,
                    message: "batch of \(batch.events.count) events is larger than the limit of \(maxEvents)")
            }
            if let poison = faults.firstPoison(in: batch.events) {
                log.outcome = "poisoned"
                throw PlatformProblem(
                    status: .unprocessableEntity,
                    message: "batch holds poison event \(poison.eventID ?? "at index \(poison.index)") (fault injection)",
                    extra: ["eventID": poison.eventID ?? ""])
            }
            let rejectIDs = Set(faults.rejectEventIDs)
            var rejections: [BatchAnswer.Rejection] = []
            var storable: [DecodedEvent] = []
            for event in batch.events {
                var reason = event.rejectionReason
                if reason == nil, let id = event.eventID, rejectIDs.contains(id) {
                    reason = Self.injectedRejectionReason
                }
                if let reason {
                    rejections.append(.init(eventID: event.eventID ?? "", index: event.index, reason: reason))
                } else {
                    storable.append(event)
                }
            }
            let outcome = try store.store(
                gateway: batch.gateway, events: storable, rejected: rejections.count,
                idempotencyKey: log.idempotencyKey)
            log.accepted = outcome.accepted
            log.duplicates = outcome.duplicates
            log.rejected = rejections.count
            return .json(BatchAnswer(accepted: outcome.accepted, duplicates: outcome.duplicates, rejected: rejections))
        } catch let problem as PlatformProblem {
            log.outcome = log.outcome ?? "refused: \(problem.message)"
            return problem.response
        } catch is UsageGate.Closed {
            log.outcome = "platform is shutting down"
            return PlatformProblem(status: .serviceUnavailable, message: "platform is shutting down").response
        } catch {
            log.outcome = "database error: \(error)"
            return PlatformProblem(status: .internalServerError, message: "database error").response
        }
    }
}
