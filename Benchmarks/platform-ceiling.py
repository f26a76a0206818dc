#!/usr/bin/env python3
"""What the reference platform's database can take on this disk, without HTTP, gzip or JSON parsing.

Inserts N events (default 1M) in transactions of 2000 (the daemon's default batch) into a table with the
schema of edgetrace-platform's `event` (Sources/TracePlatformServer/EventSchema.swift) and its settings
(WAL, synchronous=FULL, 64 MiB cache, mmap, checkpoint every 64 MiB), eventIDs as the daemon makes them
(ni:///sha-256;<64 hex>?ver=CBV2.0, i.e. random), rows of ~520 bytes of JSON. Then the same without the
eventID key, to show what the random key's index costs.

    python3 Benchmarks/platform-ceiling.py [N] [directory]

Not part of run.sh: it explains the drain figure to the on-disk platform (see Benchmarks/README.md).
"""
import hashlib, os, sys, tempfile, time, sqlite3

def run(n, path, keyed):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA cache_size=-65536")
    db.execute("PRAGMA mmap_size=268435456")
    db.execute("PRAGMA wal_autocheckpoint=16384")
    key = "PRIMARY KEY" if keyed else ""
    db.executescript(f"""
        CREATE TABLE event (eventID TEXT {key} NOT NULL, gateway TEXT NOT NULL, seq INTEGER NOT NULL,
            receivedAtMs INTEGER NOT NULL, deliveries INTEGER NOT NULL DEFAULT 1, json TEXT NOT NULL);
        CREATE INDEX event_gateway_seq ON event(gateway, seq);
        CREATE INDEX event_seq ON event(seq);""")
    body = "x" * 520
    rows = lambda lo, hi: (("ni:///sha-256;" + hashlib.sha256(str(i).encode()).hexdigest() + "?ver=CBV2.0",
                            "bench", i, 1, body) for i in range(lo, hi))
    start = time.monotonic()
    for lo in range(0, n, 2000):
        db.execute("BEGIN")
        db.executemany("INSERT OR IGNORE INTO event (eventID, gateway, seq, receivedAtMs, json) VALUES (?,?,?,?,?)",
                       rows(lo, min(n, lo + 2000)))
        db.execute("COMMIT")
    seconds = time.monotonic() - start
    db.close()
    print(f"platform-ceiling: {n} events, {'eventID primary key (random)' if keyed else 'no eventID key'}: "
          f"{n / seconds:.0f} events/s")

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
with tempfile.TemporaryDirectory(dir=sys.argv[2] if len(sys.argv) > 2 else None) as directory:
    for keyed in (True, False):
        run(n, os.path.join(directory, "platform.sqlite"), keyed)
