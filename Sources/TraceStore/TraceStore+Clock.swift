import GRDB
import TraceModel

extension TraceStore {
    /// Records the clock reference of a boot; the first one recorded for a boot stays, so that corrections
    /// (and the bytes of a retried batch) do not change between restarts.
    public func setClockReference(_ reference: ClockReference) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)",
                           arguments: ["clock_ref:" + reference.bootID, reference.wallMillisAtBoot])
        }
    }

    /// All recorded clock references, by boot ID.
    public func clockReferences() throws -> [String: ClockReference] {
        try pool.read { db in
            var out: [String: ClockReference] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM meta WHERE key LIKE 'clock_ref:%'") {
                let key: String = row["key"]
                let boot = String(key.dropFirst("clock_ref:".count))
                out[boot] = ClockReference(bootID: boot, wallMillisAtBoot: row["value"])
            }
            return out
        }
    }
}
