import ArgumentParser
import EdgeTraceConfig
import Foundation
import TraceModel
import TraceStore

/// `edgetrace`: look at and operate a station.
@main
struct EdgeTraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edgetrace",
        abstract: "Look at and operate an EdgeTrace station.",
        subcommands: [Status.self, Trace.self, Quarantine.self, Config.self, Decode.self,
                      Sync.self, Pause.self, Resume.self, Reload.self,
                      Verify.self, Export.self, Events.self, Backup.self, Restore.self, Devices.self, Scan.self])
}

/// Where to find the station: the config file, or the database directly.
struct StationOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Configuration file (gives the database path).")
    var config: String = EdgeTraceConfiguration.defaultPath

    @Option(help: "Database file; overrides the one in the configuration.")
    var db: String?

    func openStore() throws -> TraceStore {
        let path: String
        if let db {
            path = db
        } else {
            do {
                path = try ConfigLoader.load(path: config).store.path
            } catch {
                throw ValidationError("\(error)\n(use --config FILE or --db FILE)")
            }
        }
        do {
            return try TraceStore.openReadOnly(path: path)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

enum Output {
    static func json(_ value: some Encodable) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    static func age(_ millis: Int64?, now: Int64) -> String {
        guard let millis else { return "never" }
        let s = max(0, (now - millis) / 1000)
        if s < 120 { return "\(s)s ago" }
        if s < 7200 { return "\(s / 60)m ago" }
        if s < 172_800 { return "\(s / 3600)h ago" }
        return "\(s / 86400)d ago"
    }

    static func bytes(_ n: Int64) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1 << 20 { return String(format: "%.1f KiB", Double(n) / 1024) }
        if n < 1 << 30 { return String(format: "%.1f MiB", Double(n) / 1_048_576) }
        return String(format: "%.2f GiB", Double(n) / 1_073_741_824)
    }

    static var nowMillis: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "All local events for a GTIN, lot, serial or SSCC.")

    @OptionGroup var station: StationOptions
    @Argument(help: "GTIN (8–14 digits), lot, serial number or SSCC.") var code: String
    @Flag(help: "Print JSON.") var json = false
    @Option(help: "At most this many events.") var limit = 1000

    func run() throws {
        let store = try station.openStore()
        if json {
            print(try Output.json(try store.trace(code: code, limit: limit)))
            return
        }
        let lines = try store.traceLines(code: code, limit: limit)
        guard !lines.isEmpty else {
            print("no local events for \(code)")
            throw ExitCode(1)
        }
        let cursor = try store.cursor()
        let quarantined = Set(try store.quarantined(limit: 100_000).map(\.seq))
        var out = ""
        for e in lines {
            let state = quarantined.contains(e.seq) ? "quarantined" : e.seq <= cursor ? "synced" : "queued"
            out += "#\(e.seq)  \(e.time)  \(e.kind)  \(state)  \(e.deviceID)"
            if let g = e.gtin { out += "  gtin \(g)" }
            if let l = e.lot { out += "  lot \(l)" }
            if let sn = e.serial { out += "  serial \(sn)" }
            if let ss = e.sscc { out += "  sscc \(ss)" }
            if let x = e.expiry { out += "  expiry \(x)" }
            if let step = e.bizStep { out += "  [\(step)]" }
            out += "\n"
        }
        print(out, terminator: "")
    }
}

struct Quarantine: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Events set aside (rejected by the platform).",
                                                    subcommands: [List.self, Retry.self, Discard.self, Audit.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List quarantined events, newest first.")
        @OptionGroup var station: StationOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let entries = try station.openStore().quarantined()
            if json {
                print(try Output.json(entries))
                return
            }
            if entries.isEmpty { print("quarantine is empty") }
            let now = Output.nowMillis
            for q in entries {
                let state = q.state.map { $0 == "held" ? "" : "  \($0.uppercased())" } ?? ""
                print("#\(q.seq)  \(q.eventID)  (\(q.source), \(Output.age(q.atMillis, now: now)))\(state)\n    \(q.reason)")
            }
        }
    }
}

struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Configuration commands.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate the configuration as the daemon would.")
        @Option(name: .shortAndLong, help: "Configuration file.") var config: String = EdgeTraceConfiguration.defaultPath

        func run() throws {
            do {
                let c = try ConfigLoader.load(path: config)
                print("\(config): OK (gateway \(c.station.gateway), \(c.devices.count) device(s), upstream \(c.upstream?.url ?? "none: offline"))")
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}

struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Interpret one scanned string, or every barcode in an image, and print it as JSON.",
        discussion: "TEXT: GS may be written <GS> or \\x1d; exit 2 when the code is rejected.\n\n"
            + "--image FILE (PNG, JPEG or PGM): the camera's frame pipeline (zbar + libdmtx) runs on the image and prints "
            + "a JSON array, one entry per symbol with its interpretation; exit 1 when no symbol is found, 2 when any "
            + "symbol is rejected.")

    @Argument(help: "The scanned text, AIM prefix included if the scanner sends one.") var text: String?
    @Option(help: "An image file (PNG, JPEG, PGM) to decode instead of text.") var image: String?
    @Option(help: "Company prefix lengths, e.g. 6901234=7 (repeatable).") var prefix: [String] = []

    func validate() throws {
        if (text == nil) == (image == nil) { throw ValidationError("give either TEXT or --image FILE") }
    }

    func run() throws {
        var overrides: [String: Int] = [:]
        for p in prefix {
            let parts = p.split(separator: "=")
            guard parts.count == 2, let n = Int(parts[1]) else { throw ValidationError("--prefix takes PREFIX=LENGTH") }
            overrides[String(parts[0])] = n
        }
        let interpreter = BarcodeInterpreter(prefixes: CompanyPrefixTable(overrides: overrides), referenceDate: Date())
        if let image {
            try decodeImage(image, interpreter: interpreter)
            return
        }
        switch interpreter.interpret(unescapeScannerText(text ?? "")) {
        case .success(let scan):
            print(try Output.json(scan))
        case .failure(let rejection):
            print(try Output.json(["rejected": rejection]))
            throw ExitCode(2)
        }
    }
}
