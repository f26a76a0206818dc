import Foundation
import Testing
import TraceTesting

@Suite("Backup and restore", .serialized)
struct BackupTests {
    @Test("a backup taken while scans flow verifies; restore is refused while the daemon runs, then checks and puts it in place",
          .timeLimit(.minutes(4)))
    func backupWhileScanning() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig()
        try await station.startDaemon()
        let stream = Task {
            for i in 0..<100 {
                try station.scanner.send(gs1Scan(i))
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        try await station.waitForStatus { (($0["store"] as? [String: Any])?["events"] as? Int ?? 0) >= 20 }
        let copy = station.dir + "/copy.sqlite"
        let backup = try await station.cli(["backup", copy, "--json", "--config", station.configPath])
        #expect(backup.status == 0, "\(backup.output)")
        let check = try JSONSerialization.jsonObject(with: Data(backup.output.utf8)) as? [String: Any]
        let copied = try #require(check?["events"] as? Int)
        #expect(copied >= 20)
        let mode = (try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o640)
        let again = try await station.cli(["backup", copy, "--config", station.configPath])
        #expect(again.status == 1 && again.output.contains("already exists"))
        let human = try await station.cli(["backup", station.dir, "--config", station.configPath])
        #expect(human.status == 0 && human.output.contains("backup written: \(station.dir)/edgetrace-"))
        try await stream.value
        _ = try await station.waitForPlatform(count: 100)

        let refused = try await station.cli(["restore", copy, "--config", station.configPath])
        #expect(refused.status == 1)
        #expect(refused.output.contains("refusing to restore while the daemon runs"))

        station.daemon?.signal(SIGTERM)
        _ = try await station.daemon?.waitForExit()
        let restored = try await station.cli(["restore", copy, "--json", "--config", station.configPath])
        #expect(restored.status == 0, "\(restored.output)")
        let report = try JSONSerialization.jsonObject(with: Data(restored.output.utf8)) as? [String: Any]
        let moved = try #require(report?["movedAside"] as? String)
        #expect(FileManager.default.fileExists(atPath: moved))
        #expect(moved.hasPrefix(station.dbPath + ".replaced-"))
        let verify = try await station.cli(["verify", "--json", "--config", station.configPath])
        let v = try JSONSerialization.jsonObject(with: Data(verify.output.utf8)) as? [String: Any]
        #expect(v?["ok"] as? Bool == true)
        #expect(v?["events"] as? Int == copied)
    }

    @Test("restore refuses a file that is not a sound EdgeTrace database and changes nothing", .timeLimit(.minutes(1)))
    func restoreRefusesGarbage() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try station.writeConfig(upstream: false)
        let junk = station.dir + "/junk.sqlite"
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: junk))
        try Data("current".utf8).write(to: URL(fileURLWithPath: station.dbPath))
        let r = try await station.cli(["restore", junk, "--db", station.dbPath])
        #expect(r.status == 1)
        #expect(r.output.contains("restore REFUSED, nothing was changed"))
        #expect(try String(contentsOfFile: station.dbPath, encoding: .utf8) == "current")
    }

    @Test("the [backup] schedule takes a checked copy at start when none is recent and keeps only the newest N",
          .timeLimit(.minutes(3)))
    func scheduledRotation() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let dir = station.dir + "/sched"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let old = ["edgetrace-20200101T000000Z.sqlite", "edgetrace-20200102T000000Z.sqlite", "edgetrace-20200103T000000Z.sqlite"]
        for name in old {
            let path = dir + "/" + name
            try Data("old".utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_577_836_800)], ofItemAtPath: path)
        }
        try station.writeConfig(upstream: false, extra: "[backup]\ndir = \"\(dir)\"\ninterval_h = 1\nkeep = 2\n")
        try await station.startDaemon()
        let status = try await station.waitForStatus { ($0["backup"] as? [String: Any])?["lastFile"] != nil }
        let backup = try #require(status["backup"] as? [String: Any])
        #expect(backup["kept"] as? Int == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files.count == 2)
        #expect(files.first == old[2])
        let newest = try #require(backup["lastFile"] as? String)
        #expect(newest == dir + "/" + files[1])
        let human = try await station.cli(["status", "--config", station.configPath])
        #expect(human.output.contains("Backup      last"))
        #expect(human.output.contains("2 kept in \(dir)"))
    }
}
