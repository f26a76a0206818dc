import ArgumentParser
import Foundation
import TraceStore

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Queue depth, upload state, devices, database.")

    @OptionGroup var station: StationOptions
    @Flag(help: "Print JSON.") var json = false

    /// Status records are JSON written by the daemon; kept as raw JSON values here.
    struct Report: Encodable {
        var database: String
        var store: StoreStats
        var daemon: JSONValue?
        var daemonRunning: Bool
        var uploader: JSONValue?
        var devices: JSONValue?
        /// Set when the database was found corrupt at start and replaced (moved aside).
        var recovery: JSONValue?
        /// The disk budget: use, limits, refusal, what was pruned or compacted.
        var budget: JSONValue?
        /// The last scheduled backup (`[backup]`).
        var backup: JSONValue?
    }

    func run() throws {
        let store = try station.openStore()
        let stats = try store.stats()
        let records = try store.readStatus()
        func value(_ key: String) -> JSONValue? {
            records[key].flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.json.utf8)) }
        }
        let daemon = value("daemon")
        var running = false
        if case .number(let pid)? = daemon?["pid"], daemon?["stoppedMillis"] == nil {
            running = FileManager.default.fileExists(atPath: "/proc/\(Int(pid))")
        }
        let report = Report(database: store.path, store: stats, daemon: daemon, daemonRunning: running,
                            uploader: value("uploader"), devices: value("devices"), recovery: value("recovery"),
                            budget: value("budget"), backup: value("backup"))
        if json {
            print(try Output.json(report))
            return
        }
        let now = Output.nowMillis
        let gateway = daemon?["gateway"]?.string ?? "?"
        print("EdgeTrace station \(gateway)  —  daemon \(running ? "running (pid \(Int(daemon?["pid"]?.number ?? 0)))" : "NOT running")")
        if let up = report.uploader {
            let link = up["link"]?.string ?? "?"
            var line = "Upload      \(link)\(up["paused"] == .bool(true) ? " PAUSED by the operator (edgetrace resume)" : "")"
            if let url = up["upstream"]?.string { line += " → \(url)" }
            line += "   last success \(Output.age(up["lastSuccessMillis"]?.number.map { Int64($0) }, now: now))"
            line += String(format: "   %.1f events/s", up["eventsPerSecond"]?.number ?? 0)
            print(line)
            if let err = up["lastError"]?.string {
                print("            last error (\(Output.age(up["lastErrorMillis"]?.number.map { Int64($0) }, now: now))): \(err)")
            }
            if let next = up["nextRetryMillis"]?.number, Int64(next) > now {
                print("            next retry in \((Int64(next) - now + 999) / 1000)s")
            }
        } else {
            print("Upload      unknown (the daemon has not reported yet)")
        }
        let oldest = stats.oldestUnsyncedMillis.map { " (oldest \(Output.age($0, now: now).replacingOccurrences(of: " ago", with: "")))" } ?? ""
        print("Queue       \(stats.unsynced) unsynced\(oldest), \(stats.events) stored, last seq \(stats.lastSeq), cursor \(stats.cursor)")
        print("Quarantine  \(stats.quarantined) event(s)\(stats.quarantined > 0 ? "  (edgetrace quarantine list)" : "")")
        var disk = ""
        if let free = stats.freeDiskBytes {
            disk = free < 1 << 20 ? "  DISK NEARLY FULL: \(Output.bytes(free)) free: reads cannot be captured" : "  (\(Output.bytes(free)) free)"
        }
        print("Database    \(store.path)  \(Output.bytes(stats.databaseBytes))\(disk)")
        if let b = report.budget {
            var line = "Budget      "
            if let max = b["maxBytes"]?.number, max > 0 {
                line += "\(Output.bytes(Int64(b["databaseBytes"]?.number ?? 0))) of \(Output.bytes(Int64(max))) used"
            } else {
                line += "\(Output.bytes(Int64(b["databaseBytes"]?.number ?? 0))) used, no limit of its own"
            }
            line += ", keeps \(Output.bytes(Int64(b["minFreeBytes"]?.number ?? 0))) free"
            let pruned = Int(b["prunedForSpaceTotal"]?.number ?? 0), compacted = Int(b["compactedReadingsTotal"]?.number ?? 0)
            if pruned > 0 { line += "; \(pruned) synced event(s) deleted early for space" }
            if compacted > 0 { line += "; \(compacted) sensor reading(s) compacted" }
            print(line)
            if b["refusing"] == .bool(true) {
                print("            REFUSING READS since \(Output.age(b["refusedSinceMillis"]?.number.map { Int64($0) }, now: now)): the budget is used up by unsynced events; get the upload going, free space, or raise store.max_mb")
            }
        }
        if let b = report.backup {
            var line = "Backup      last \(Output.age(b["lastMillis"]?.number.map { Int64($0) }, now: now))"
            if let f = b["lastFile"]?.string { line += ": \(f)" }
            line += ", \(Int(b["kept"]?.number ?? 0)) kept in \(b["dir"]?.string ?? "?")"
            print(line)
            if let e = b["lastError"]?.string { print("            LAST BACKUP FAILED: \(e)") }
        }
        if let r = report.recovery {
            print("            WAS CORRUPT at start: moved to \(r["movedTo"]?.string ?? "?") (\(r["reason"]?.string ?? "")); a new database was started")
        }
        print("Devices")
        if case .array(let devices)? = report.devices, !devices.isEmpty {
            for d in devices {
                var line = "  \(d["id"]?.string ?? "?")  \(d["driver"]?.string ?? "")  \(d["state"]?.string ?? "?")"
                if let p = d["path"]?.string { line += "  \(p)" }
                if let r = d["resolvedPath"]?.string, r != d["path"]?.string { line += " → \(r)" }
                line += "  reads \(Int(d["reads"]?.number ?? 0)), rejected \(Int(d["rejected"]?.number ?? 0)), duplicates \(Int(d["duplicates"]?.number ?? 0))"
                if let failed = d["failed"]?.number, failed > 0 { line += ", NOT CAPTURED \(Int(failed))" }
                print(line)
                if let m = d["message"]?.string { print("      \(m)") }
                var details: [String] = []
                if let f = d["firmware"]?.string { details.append("firmware \(f)") }
                if d["driver"]?.string == "nfc", d["state"]?.string == "connected" {
                    details.append(d["tagPresent"]?.string.map { "tag on the reader: \($0)" } ?? "no tag on the reader")
                }
                if let e = d["errors"]?.number, e > 0 { details.append("errors \(Int(e))") }
                if !details.isEmpty { print("      " + details.joined(separator: ", ")) }
                if let r = d["lastRead"]?.string {
                    print("      last read \(Output.age(d["lastReadMillis"]?.number.map { Int64($0) }, now: now)): \(r)")
                }
            }
        } else {
            print("  none reported")
        }
    }
}

/// Any JSON value (status records are read without knowing every field).
enum JSONValue: Codable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var string: String? { if case .string(let s) = self { return s }; return nil }
    var number: Double? { if case .number(let n) = self { return n }; return nil }
}
