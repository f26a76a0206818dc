import GRDB

/// The outbox schema and its migrations (DESIGN.md §4).
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            // AUTOINCREMENT: a seq is never reused, even after the newest rows are deleted.
            try db.execute(sql: """
                CREATE TABLE event (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_id TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    time_ms INTEGER NOT NULL,
                    device_id TEXT NOT NULL,
                    gtin TEXT, lot TEXT, serial TEXT, sscc TEXT,
                    body BLOB NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX event_gtin ON event(gtin) WHERE gtin IS NOT NULL;
                CREATE INDEX event_lot ON event(lot) WHERE lot IS NOT NULL;
                CREATE INDEX event_serial ON event(serial) WHERE serial IS NOT NULL;
                CREATE INDEX event_sscc ON event(sscc) WHERE sscc IS NOT NULL;
                CREATE TABLE quarantine (
                    seq INTEGER PRIMARY KEY,
                    event_id TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    source TEXT NOT NULL,
                    at_ms INTEGER NOT NULL
                );
                CREATE TABLE meta (key TEXT PRIMARY KEY, value ANY) WITHOUT ROWID;
                CREATE TABLE status (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_ms INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO meta(key, value) VALUES ('upload_cursor', 0), ('chain_head', '\(TraceEventHashSeed.genesis)');
                """)
        }
        m.registerMigration("v2-budget") { db in
            // Runs of events removed from the middle of the chain (compacted sensor readings): the chain is
            // proven across each by the hash before the run and the hash of its last event.
            try db.execute(sql: """
                CREATE TABLE chain_gap (
                    first_seq INTEGER PRIMARY KEY,
                    last_seq INTEGER NOT NULL,
                    prev_hash TEXT NOT NULL,
                    last_hash TEXT NOT NULL
                );
                CREATE INDEX chain_gap_last_hash ON chain_gap(last_hash);
                CREATE INDEX chain_gap_prev_hash ON chain_gap(prev_hash);
                INSERT INTO meta(key, value) VALUES ('pruned_through', 0);
                """)
        }
        m.registerMigration("v3-event-count") { db in
            // `edgetrace status` reads the number of stored events from here: COUNT(*) over ten million
            // rows takes seconds on an SD card. The writer, pruning and compaction keep it current.
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('event_count', (SELECT COUNT(*) FROM event))")
        }
        m.registerMigration("v3-operations") { db in
            // Operator actions on quarantined events (edgetrace quarantine retry|discard): a quarantined event
            // is `held`, `retrying` (queued in `retry`, which the uploader drains before the main queue: the
            // event, its seq and the chain stay as they are, the cursor never moves back) or `discarded`
            // (kept locally, never sent). Every action is recorded in `quarantine_audit`.
            try db.execute(sql: """
                ALTER TABLE quarantine ADD COLUMN state TEXT NOT NULL DEFAULT 'held';
                CREATE TABLE retry (seq INTEGER PRIMARY KEY, requested_ms INTEGER NOT NULL);
                CREATE TABLE quarantine_audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    seq INTEGER NOT NULL,
                    action TEXT NOT NULL,
                    reason TEXT,
                    actor TEXT NOT NULL,
                    at_ms INTEGER NOT NULL
                );
                CREATE INDEX quarantine_audit_seq ON quarantine_audit(seq);
                """)
        }
        return m
    }
}

enum TraceEventHashSeed {
    static let genesis = String(repeating: "0", count: 64)
}
