import Foundation
import TraceModel

/// The platform's EPCIS side kept in memory: capture jobs, the last documents received, and the
/// problem-fault counter (the captured events are in the database, ``EventStore/storeEPCIS(_:now:)``).
final class EPCISCaptureStore: Sendable {
    /// One RFC 7807 error of a capture job.
    struct JobError: Sendable, Equatable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var instance: String?

        var json: JSONValue {
            var m: [(String, JSONValue)] = [("type", .string(type)), ("title", .string(title)), ("status", .int(status)),
                                            ("detail", .string(detail))]
            if let instance { m.append(("instance", .string(instance))) }
            return .object(m)
        }
    }

    struct Job: Sendable {
        var id: String
        var createdAt: String
        var pollsLeft: Int
        var success: Bool
        var behaviour: String
        var errors: [JobError]
    }

    struct State: Sendable {
        var jobs: [String: Job] = [:]
        var nextJob = 1
        var documents: [[UInt8]] = []
        var problemsLeft: Int? = nil
        var problemStarted = false
    }

    private let state = LockedValue(State())

    /// Remembers a received document (the last 50).
    func received(_ body: [UInt8]) {
        state.withLockedValue { s in
            s.documents.append(body)
            if s.documents.count > 50 { s.documents.removeFirst() }
        }
    }

    var lastDocument: [UInt8]? { state.withLockedValue { $0.documents.last } }

    /// Records a finished job; returns its id.
    func addJob(success: Bool, behaviour: String, errors: [JobError], polls: Int, createdAt: String) -> String {
        state.withLockedValue { s in
            let id = "job-\(s.nextJob)"
            s.nextJob += 1
            s.jobs[id] = Job(id: id, createdAt: createdAt, pollsLeft: polls, success: success, behaviour: behaviour, errors: errors)
            return id
        }
    }

    /// The job as a client sees it now (running until its polls are used up), or nil if unknown.
    func poll(_ id: String) -> (job: Job, running: Bool)? {
        state.withLockedValue { s in
            guard var job = s.jobs[id] else { return nil }
            let running = job.pollsLeft > 0
            if running { job.pollsLeft -= 1; s.jobs[id] = job }
            return (job, running)
        }
    }

    /// Whether the next capture gets the problem fault (uses one up).
    func takeProblem(_ settings: EPCISCaptureSettings) -> Bool {
        guard settings.problemStatus != nil else { return false }
        return state.withLockedValue { s in
            if !s.problemStarted { s.problemStarted = true; s.problemsLeft = settings.problemCount }
            guard let left = s.problemsLeft else { return true }
            guard left > 0 else { return false }
            s.problemsLeft = left - 1
            return true
        }
    }
}
