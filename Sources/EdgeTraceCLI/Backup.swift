import ArgumentParser
import EdgeTraceConfig
import EdgeTraceControl
import Foundation
import SystemSupport
import TraceStore

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the database while the daemon runs (checked, mode 0640).",
        discussion: "DEST is a new file, or a directory (the copy is named edgetrace-YYYYMMDDTHHMMSSZ.sqlite in it). "
            + "The copy is a snapshot (SQLite VACUUM INTO): reads go on being captured meanwhile. It is integrity- "
            + "and chain-checked before it gets its name.")

    @OptionGroup var station: StationOptions
    @Argument(help: "Destination file or directory.") var destination: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        var target = destination
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
            target = (target as NSString).appendingPathComponent(BackupRotation.fileName(millis: Output.nowMillis))
        }
        let store = try station.openStore()
        let check: TraceStore.BackupCheck
        do {
            check = try store.backup(to: target)
        } catch {
            FileHandle.standardError.write(Data("edgetrace: backup FAILED: \(error)\n".utf8))
            throw ExitCode(1)
        }
        if json {
            print(try Output.json(check))
        } else {
            print("backup written: \(check.path)  (\(check.events) events, last seq \(check.lastSeq), \(Output.bytes(check.bytes))); integrity and hash chain checked")
        }
    }
}

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a backup copy and put it in place of the database (the daemon must be stopped).",
        discussion: "The copy must pass SQLite's quick_check and the hash-chain check. The current database (with "
            + "its -wal and -shm) is kept beside it as DATABASE.replaced-YYYYMMDDTHHMMSSZ. Events captured after the copy "
            + "was taken are only in that replaced file.")

    @OptionGroup var station: StationOptions
    @Argument(help: "The backup copy.") var source: String
    @Flag(help: "Print JSON.") var json = false

    struct Report: Encodable {
        var restored: TraceStore.BackupCheck
        var database: String
        var movedAside: String?
    }

    func run() throws {
        let databasePath: String
        var socket = EdgeTraceConfiguration.defaultControlSocket
        if let db = station.db {
            databasePath = db
        } else {
            do {
                let c = try ConfigLoader.load(path: station.config)
                databasePath = c.store.path
                socket = c.daemon.controlSocket
            } catch {
                throw ValidationError("\(error)\n(use --config FILE or --db FILE)")
            }
        }
        if let pid = Self.runningDaemon(database: databasePath, socket: socket) {
            FileHandle.standardError.write(Data("edgetrace: refusing to restore while the daemon runs\(pid.map { " (pid \($0))" } ?? ""); stop it first (systemctl stop edgetraced), then run restore again\n".utf8))
            throw ExitCode(1)
        }
        let result: (check: TraceStore.BackupCheck, movedAside: String?)
        do {
            result = try TraceStore.restore(from: source, to: databasePath, nowMillis: Output.nowMillis)
        } catch {
            FileHandle.standardError.write(Data("edgetrace: restore REFUSED, nothing was changed: \(error)\n".utf8))
            throw ExitCode(1)
        }
        if json {
            print(try Output.json(Report(restored: result.check, database: databasePath, movedAside: result.movedAside)))
            return
        }
        print("restored \(source) → \(databasePath)  (\(result.check.events) events, last seq \(result.check.lastSeq); integrity and hash chain checked)")
        if let moved = result.movedAside { print("the replaced database is kept at \(moved)") }
    }

    /// Some(pid) / Some(nil) when a daemon appears to run on this database (its status record names a live pid,
    /// or its control socket answers); nil otherwise.
    static func runningDaemon(database: String, socket: String) -> Int32?? {
        if let store = try? TraceStore.openReadOnly(path: database), let record = try? store.readStatus()["daemon"],
           let info = try? JSONSerialization.jsonObject(with: Data(record.json.utf8)) as? [String: Any],
           info["stoppedMillis"] == nil, let pid = info["pid"] as? Int, FileManager.default.fileExists(atPath: "/proc/\(pid)") {
            try? store.close()
            return .some(Int32(pid))
        }
        if let s = try? UnixStreamSocket.connect(to: socket) {
            s.close()
            return .some(nil)
        }
        return nil
    }
}
