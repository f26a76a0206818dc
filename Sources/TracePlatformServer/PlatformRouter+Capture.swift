import Foundation
import NIOHTTP1
import PlatformParsing
import TraceModel

/// The EPCIS 2.0 capture interface (REST binding, `../shared/epcis/openapi.yaml`): `OPTIONS /capture`
/// advertises the limits, `POST /capture` validates an EPCISDocument minimally and answers 202 with
/// a capture job at `Location` (or 201 in synchronous mode), `GET /capture/{id}` shows the job.
/// Events are stored once per `eventID` in the platform database (`epcis_event`); `GET /v1/epcis/events`
/// lists them for tests. Capture jobs live in memory.
extension PlatformRouter {

    func replyToCapture(_ request: PlatformRequest) -> PlatformReply {
        let settings = configuration.epcis
        if request.path == "/capture" {
            switch request.method {
            case .OPTIONS:
                return PlatformReply(action: .respond(PlatformResponse(status: .noContent, headers: [
                    ("Allow", "OPTIONS, POST"), ("GS1-EPCIS-Version", "2.0.0"), ("GS1-CBV-Version", "2.0.0"),
                    ("GS1-EPCIS-Capture-Limit", String(settings.captureLimit)),
                    ("GS1-EPCIS-Capture-File-Size-Limit", String(settings.fileSizeLimit)),
                    ("GS1-Capture-Error-Behaviour", "rollback, proceed"),
                ], body: [])))
            case .POST:
                return PlatformReply(action: .respond(capture(request, settings: settings)))
            default:
                return Self.only([.OPTIONS, .POST], request)!
            }
        }
        guard request.method == .GET else { return Self.only([.GET], request)! }
        let id = String(request.path.dropFirst("/capture/".count))
        guard let (job, running) = epcis.poll(id) else {
            return PlatformReply(action: .respond(Self.problemJSON(status: .notFound, type: "epcisException:NoSuchResourceException",
                                                                   title: "no such capture job", detail: "capture job \(id) is not known")))
        }
        let body = JSONValue.object([
            ("captureID", .string(job.id)), ("createdAt", .string(job.createdAt)),
            ("running", .bool(running)), ("success", .bool(running ? true : job.success)),
            ("captureErrorBehaviour", .string(job.behaviour)),
            ("errors", .array(running ? [] : job.errors.map(\.json))),
        ])
        return PlatformReply(action: .respond(PlatformResponse(status: .ok, headers: [("Content-Type", "application/json")],
                                                               body: Array(body.serialized.utf8))))
    }

    /// `POST /capture`.
    private func capture(_ request: PlatformRequest, settings: EPCISCaptureSettings) -> PlatformResponse {
        if epcis.takeProblem(settings), let status = settings.problemStatus {
            logger.notice("EPCIS capture answered with an injected problem", metadata: ["http.status": "\(status)"])
            return Self.problemJSON(status: HTTPResponseStatus(statusCode: status), type: "epcisException:ImplementationException",
                                    title: "injected fault", detail: "fault injection: status \(status)")
        }
        let bytes = Array(request.body.readableBytesView)
        epcis.received(bytes)
        let overSize = settings.rejectAtLimit ? bytes.count >= settings.fileSizeLimit : bytes.count > settings.fileSizeLimit
        if overSize {
            return Self.problemJSON(status: .payloadTooLarge, type: "epcisException:CaptureLimitExceededException",
                                    title: "document too large", detail: "\(bytes.count) bytes; the limit is \(settings.fileSizeLimit)")
        }
        let events: [(id: String, json: JSONValue)]
        do {
            events = try CaptureDocument.validate(bytes)
        } catch {
            return Self.problemJSON(status: .badRequest, type: "epcisException:ValidationException", title: "invalid EPCIS document",
                                    detail: error.detail, instance: error.instance)
        }
        let overCount = settings.rejectAtLimit ? events.count >= settings.captureLimit : events.count > settings.captureLimit
        if overCount {
            return Self.problemJSON(status: .payloadTooLarge, type: "epcisException:CaptureLimitExceededException",
                                    title: "too many events", detail: "\(events.count) events; the limit is \(settings.captureLimit)")
        }
        var errors: [EPCISCaptureStore.JobError] = []
        if let poison = settings.failSubstring {
            for e in events where e.json.serialized.contains(poison) {
                errors.append(.init(type: "epcisException:ValidationException", title: "event rejected", status: 400,
                                    detail: "the event contains '\(poison)' (fault injection)", instance: e.id))
            }
        }
        let behaviour = request.headers.first(name: "GS1-Capture-Error-Behaviour")?.lowercased() == "proceed" ? "proceed" : "rollback"
        let failed = Set(errors.compactMap(\.instance))
        if settings.synchronous {
            if let first = errors.first {
                return Self.problemJSON(status: .badRequest, type: first.type, title: first.title, detail: first.detail, instance: first.instance)
            }
            do {
                let (accepted, duplicates) = try store.storeEPCIS(events.map { ($0.id, $0.json.serialized) })
                logger.info("EPCIS capture stored", metadata: ["epcis.accepted": "\(accepted)", "epcis.duplicates": "\(duplicates)"])
            } catch {
                return databaseProblem(error)
            }
            return PlatformResponse(status: .created, headers: [("Content-Type", "application/json")], body: [])
        }
        if errors.isEmpty || behaviour == "proceed" {
            do {
                let (accepted, duplicates) = try store.storeEPCIS(events.filter { !failed.contains($0.id) }.map { ($0.id, $0.json.serialized) })
                logger.info("EPCIS capture stored", metadata: ["epcis.accepted": "\(accepted)", "epcis.duplicates": "\(duplicates)",
                                                               "epcis.failed": "\(failed.count)"])
            } catch {
                return databaseProblem(error)
            }
        }
        let id = epcis.addJob(success: errors.isEmpty, behaviour: behaviour, errors: errors, polls: settings.jobPolls,
                              createdAt: EventTime(unixMillis: Int64(Date().timeIntervalSince1970 * 1000)).description)
        return PlatformResponse(status: .accepted, headers: [("Location", "/capture/\(id)"), ("Content-Type", "application/json")],
                                body: Array(#"{"captureID":"\#(id)"}"#.utf8))
    }

    /// An RFC 7807 `application/problem+json` response.
    static func problemJSON(status: HTTPResponseStatus, type: String, title: String, detail: String, instance: String? = nil) -> PlatformResponse {
        var m: [(String, JSONValue)] = [("type", .string(type)), ("title", .string(title)), ("status", .int(Int(status.code))),
                                        ("detail", .string(detail))]
        if let instance { m.append(("instance", .string(instance))) }
        return PlatformResponse(status: status, headers: [("Content-Type", "application/problem+json")], body: Array(JSONValue.object(m).serialized.utf8))
    }

    /// `GET /v1/epcis/events`: `{"events":[…],"duplicates":N}` in arrival order.
    func epcisEvents() -> PlatformResponse {
        do {
            let (events, duplicates) = try store.epcisEvents()
            return .rawJSON(Array((#"{"duplicates":\#(duplicates),"events":["# + events.joined(separator: ",") + "]}").utf8))
        } catch {
            return databaseProblem(error)
        }
    }

    /// 500 (or 503 while closing) as problem+json for a database failure.
    private func databaseProblem(_ error: any Error) -> PlatformResponse {
        if error is UsageGate.Closed {
            return Self.problemJSON(status: .serviceUnavailable, type: "epcisException:ImplementationException",
                                    title: "platform is shutting down", detail: "try again")
        }
        logger.error("database error", metadata: ["platform.error": "\(error)"])
        return Self.problemJSON(status: .internalServerError, type: "epcisException:ImplementationException",
                                title: "database error", detail: "the capture was not stored; send it again")
    }
}
