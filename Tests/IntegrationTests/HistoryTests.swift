import Foundation
import Testing
import TraceTesting

@Suite("History and audit: edgetrace verify, export, events tail", .serialized)
struct HistoryTests {
    /// A station with `count` scans delivered.
    func stationWithScans(_ count: Int) async throws -> Station {
        let station = try Station()
        try await station.startPlatform()
        try station.writeConfig()
        try await station.startDaemon()
        for i in 1...count { try station.scanner.send(gs1Scan(i)) }
        _ = try await station.waitForPlatform(count: count)
        return station
    }

    @Test("verify says OK with the count; a tampered event makes it fail naming the seq (human and --json)",
          .timeLimit(.minutes(3)))
    func verifyAndTamper() async throws {
        let station = try await stationWithScans(5)
        defer { station.shutdown() }
        let ok = try await station.cli(["verify", "--config", station.configPath])
        #expect(ok.status == 0)
        #expect(ok.output.contains("OK: hash chain intact over 5 event(s)"))
        let okJSON = try JSONSerialization.jsonObject(with: Data(try await station.cli(["verify", "--json", "--config", station.configPath]).output.utf8)) as? [String: Any]
        #expect(okJSON?["ok"] as? Bool == true)
        #expect(okJSON?["events"] as? Int == 5)

        station.daemon?.signal(SIGTERM)
        _ = try await station.daemon?.waitForExit()
        let tamper = try TestProcess(executableURL: URL(fileURLWithPath: "/usr/bin/python3"), name: "python3", ["-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("UPDATE event SET body = CAST(replace(CAST(body AS TEXT), 'SN3', 'SN9') AS BLOB) WHERE seq = 3")
            db.commit()
            print("changed", db.total_changes)
            """, station.dbPath])
        #expect(try await tamper.waitForExit() == 0)
        #expect(tamper.lines.joined().contains("changed 1"))

        let broken = try await station.cli(["verify", "--config", station.configPath])
        #expect(broken.status == 1)
        #expect(broken.output.contains("BROKEN"))
        #expect(broken.output.contains("event #3"))
        let brokenJSON = try JSONSerialization.jsonObject(with: Data(try await station.cli(["verify", "--json", "--db", station.dbPath]).output.utf8)) as? [String: Any]
        #expect(brokenJSON?["ok"] as? Bool == false)
        #expect(brokenJSON?["brokenSeq"] as? Int == 3)
    }

    @Test("export writes JSONL and CSV, filtered by time and code; a bad time is refused", .timeLimit(.minutes(3)))
    func export() async throws {
        let station = try await stationWithScans(6)
        defer { station.shutdown() }
        let jsonl = try await station.cli(["export", "--config", station.configPath])
        #expect(jsonl.status == 0)
        let lines = jsonl.output.split(separator: "\n")
        #expect(lines.count == 6)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["seq"] as? Int == 1)
        #expect(first?["hash"] as? String != nil)

        let one = try await station.cli(["export", "--code", "SN3", "--config", station.configPath])
        #expect(one.output.split(separator: "\n").count == 1)
        #expect(one.output.contains("\"SN3\""))

        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        let csv = try await station.cli(["export", "--format", "csv", "--from", today, "--to", today, "--config", station.configPath])
        #expect(csv.status == 0)
        // CSV lines end with CRLF (RFC 4180), which Swift counts as one Character: split on scalars.
        let rows = csv.output.components(separatedBy: CharacterSet.newlines).filter { !$0.isEmpty }
        #expect(rows.first == "seq,event_id,time,kind,device_id,gtin,lot,serial,sscc,expiry,epc,tag_uid,temperature_c,humidity_pct,read_point,biz_step,disposition,work_order,symbology,raw,rejected_reason,hash")
        try #require(rows.count == 7)
        #expect(rows[1].hasPrefix("1,ni:///"))
        #expect(rows[1].contains(",scan,scanner-1,06901234567892,,SN1,"))

        let future = try await station.cli(["export", "--from", "2099-01-01", "--config", station.configPath])
        #expect(future.status == 0 && future.output.isEmpty)
        let bad = try await station.cli(["export", "--from", "yesterday", "--config", station.configPath])
        #expect(bad.status != 0)
        #expect(bad.output.contains("not a time"))

        let file = station.dir + "/export.jsonl"
        let toFile = try await station.cli(["export", "-o", file, "--config", station.configPath])
        #expect(toFile.output.contains("6 event(s) written"))
        #expect(try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count == 6)
    }

    @Test("events tail prints the newest N; -f follows new events as they are committed", .timeLimit(.minutes(3)))
    func tail() async throws {
        let station = try await stationWithScans(5)
        defer { station.shutdown() }
        let last3 = try await station.cli(["events", "tail", "-n", "3", "--json", "--config", station.configPath])
        let seqs = last3.output.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["seq"] as? Int
        }
        #expect(seqs == [3, 4, 5])
        let human = try await station.cli(["events", "tail", "-n", "1", "--config", station.configPath])
        #expect(human.output.contains("#5") && human.output.contains("serial SN5") && human.output.contains("[receiving]"))

        let follow = try TestProcess("edgetrace", ["events", "tail", "-f", "-n", "0", "--interval-ms", "50", "--config", station.configPath])
        defer { follow.killTree() }
        // -f waits for the database's directory to change; it used to read every --interval-ms (40 times in 2 s here).
        try await Task.sleep(for: .seconds(1))
        let switches = try await ContextSwitches.during(.seconds(2), of: follow.pid)
        #expect(switches <= 10, "edgetrace events tail -f switched \(switches) times in 2 s with nothing committed")
        try station.scanner.send(gs1Scan(77))
        let line = try await follow.waitForLine(timeout: .seconds(15)) { $0.contains("serial SN77") }
        #expect(line.contains("#6"))
        #expect(!follow.lines.contains { $0.contains("serial SN5") }, "-n 0 prints only new events")
    }
}
