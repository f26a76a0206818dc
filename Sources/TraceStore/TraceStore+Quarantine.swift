import Foundation
import GRDB

/// Operator actions on quarantined events (`edgetrace quarantine retry|discard`).
///
/// A retry never touches the event, its `seq`, the hash chain or the forward-only cursor: the seq is put
/// in the `retry` table, which the uploader drains before the main queue. Every action is recorded in
/// `quarantine_audit` with who asked, when and why.
extension TraceStore {
    /// One recorded action on a quarantined event.
    public struct QuarantineAction: Sendable, Hashable, Codable {
        public var seq: Int64
        /// `retry`, `discard`, `delivered` (a retry reached the platform) or `rejected` (refused again).
        public var action: String
        public var reason: String?
        /// Who asked: `uid 1000 (pid 4242)` for a CLI user, `platform` for the uploader.
        public var actor: String
        public var atMillis: Int64
    }

    /// Queues quarantined events for another upload: the given seqs, or (nil) every `held` one. Returns the
    /// seqs queued; throws when a given seq is not in quarantine or was discarded.
    public func requestRetry(seqs: [Int64]?, actor: String, reason: String?, nowMillis: Int64) throws -> [Int64] {
        try pool.write { db in
            let targets = try Self.targets(db, seqs: seqs, allowed: ["held", "retrying"], verb: "retry", path: path)
            for seq in targets {
                try db.execute(sql: "INSERT OR REPLACE INTO retry(seq, requested_ms) VALUES (?, ?)", arguments: [seq, nowMillis])
                try db.execute(sql: "UPDATE quarantine SET state = 'retrying' WHERE seq = ?", arguments: [seq])
                try Self.audit(db, seq: seq, action: "retry", reason: reason, actor: actor, at: nowMillis)
            }
            return targets
        }
    }

    /// Marks quarantined events as discarded (they stay in the local store, are never sent, and no longer
    /// count as quarantined in status): the given seqs, or (nil) every held one. `reason` is required.
    public func discard(seqs: [Int64]?, reason: String, actor: String, nowMillis: Int64) throws -> [Int64] {
        try pool.write { db in
            let targets = try Self.targets(db, seqs: seqs, allowed: ["held", "retrying"], verb: "discard", path: path)
            for seq in targets {
                try db.execute(sql: "DELETE FROM retry WHERE seq = ?", arguments: [seq])
                try db.execute(sql: "UPDATE quarantine SET state = 'discarded' WHERE seq = ?", arguments: [seq])
                try Self.audit(db, seq: seq, action: "discard", reason: reason, actor: actor, at: nowMillis)
            }
            return targets
        }
    }

    /// Events queued for a retry, oldest seq first (the uploader sends these before the main queue).
    public func pendingRetries(limit: Int) throws -> [StoredEvent] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.seq, e.event_id, e.body, e.prev_hash, e.hash FROM retry r JOIN event e ON e.seq = r.seq
                ORDER BY r.seq LIMIT ?
                """, arguments: [limit]).map { row in
                let body: Data = row["body"]
                return StoredEvent(seq: row["seq"], eventID: row["event_id"], body: Array(body),
                                   prevHash: row["prev_hash"], hash: row["hash"])
            }
        }
    }

    /// Records the platform's answer to a retry: delivered events leave the quarantine; refused ones are
    /// held again with the new reason.
    public func completeRetries(delivered: [Int64], rejected: [(seq: Int64, reason: String)], nowMillis: Int64) throws {
        try pool.write { db in
            for seq in delivered {
                try db.execute(sql: "DELETE FROM retry WHERE seq = ?", arguments: [seq])
                try db.execute(sql: "DELETE FROM quarantine WHERE seq = ?", arguments: [seq])
                try Self.audit(db, seq: seq, action: "delivered", reason: nil, actor: "platform", at: nowMillis)
            }
            for r in rejected {
                try db.execute(sql: "DELETE FROM retry WHERE seq = ?", arguments: [r.seq])
                try db.execute(sql: "UPDATE quarantine SET state = 'held', reason = ?, at_ms = ? WHERE seq = ?",
                               arguments: [r.reason, nowMillis, r.seq])
                try Self.audit(db, seq: r.seq, action: "rejected", reason: r.reason, actor: "platform", at: nowMillis)
            }
        }
    }

    /// The audit trail of quarantine actions, newest first (optionally for one seq).
    public func quarantineAudit(seq: Int64? = nil, limit: Int = 1000) throws -> [QuarantineAction] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT seq, action, reason, actor, at_ms FROM quarantine_audit WHERE ? IS NULL OR seq = ? ORDER BY id DESC LIMIT ?
                """, arguments: [seq, seq, limit]).map {
                QuarantineAction(seq: $0["seq"], action: $0["action"], reason: $0["reason"], actor: $0["actor"], atMillis: $0["at_ms"])
            }
        }
    }

    private static func targets(_ db: Database, seqs: [Int64]?, allowed: Set<String>, verb: String, path: String) throws -> [Int64] {
        guard let seqs else {
            return try Int64.fetchAll(db, sql: "SELECT seq FROM quarantine WHERE state = 'held' ORDER BY seq")
        }
        for seq in seqs {
            guard let state = try String.fetchOne(db, sql: "SELECT state FROM quarantine WHERE seq = ?", arguments: [seq]) else {
                throw StoreError(.read, "event #\(seq) is not in quarantine (see edgetrace quarantine list)", path: path)
            }
            guard allowed.contains(state) else {
                throw StoreError(.write, "event #\(seq) is \(state) and cannot be \(verb == "retry" ? "retried" : "discarded")", path: path)
            }
        }
        return seqs
    }

    private static func audit(_ db: Database, seq: Int64, action: String, reason: String?, actor: String, at: Int64) throws {
        try db.execute(sql: "INSERT INTO quarantine_audit(seq, action, reason, actor, at_ms) VALUES (?, ?, ?, ?, ?)",
                       arguments: [seq, action, reason, actor, at])
    }
}
