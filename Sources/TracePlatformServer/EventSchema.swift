import GRDB

/// The tables of the platform database.
///
/// - `event`: one row per eventID ever accepted, with the gateway of the batch that delivered it
///   first, its `seq`, the time it was received, how many times it was delivered, and its JSON text.
/// - `batch`: one row per batch answered 200, with its counts and `Idempotency-Key`.
/// - `epcis_event`: one row per EPCIS eventID captured at `/capture`, in arrival order, with how many
///   times it was delivered and its JSON text.
enum EventSchema {
    /// Creates or upgrades the tables.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE event (
                    eventID TEXT PRIMARY KEY NOT NULL,
                    gateway TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    receivedAtMs INTEGER NOT NULL,
                    deliveries INTEGER NOT NULL DEFAULT 1,
                    json TEXT NOT NULL
                );
                CREATE INDEX event_gateway_seq ON event(gateway, seq);
                CREATE INDEX event_seq ON event(seq);
                CREATE TABLE batch (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    gateway TEXT NOT NULL,
                    receivedAtMs INTEGER NOT NULL,
                    idempotencyKey TEXT,
                    events INTEGER NOT NULL,
                    accepted INTEGER NOT NULL,
                    duplicates INTEGER NOT NULL,
                    rejected INTEGER NOT NULL
                );
                CREATE INDEX batch_gateway ON batch(gateway);
                """)
        }
        migrator.registerMigration("v2-epcis") { db in
            try db.execute(sql: """
                CREATE TABLE epcis_event (
                    n INTEGER PRIMARY KEY AUTOINCREMENT,
                    eventID TEXT NOT NULL UNIQUE,
                    receivedAtMs INTEGER NOT NULL,
                    deliveries INTEGER NOT NULL DEFAULT 1,
                    json TEXT NOT NULL
                );
                """)
        }
        return migrator
    }
}
