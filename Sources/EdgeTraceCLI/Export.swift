import ArgumentParser
import EdgeTraceConfig
import Foundation
import TraceModel
import TraceStore
import TraceSync

/// `edgetrace export --format epcis [--from T] [--to T] [--output FILE]`: the local events as the
/// EPCISDocument the uploader would send for them (same encoder, same clock correction, same bytes).
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write local events as an EPCIS 2.0 document (JSON-LD), byte for byte what protocol = \"epcis\" uploads.",
        discussion: "Rejected reads, device and command events are not EPCIS events and are left out, as in the upload.")

    @OptionGroup var station: StationOptions
    @Option(help: "Output format; only 'epcis' so far.") var format = "epcis"
    @Option(help: "Only events captured at or after this time (RFC 3339, e.g. 2026-11-29T00:00:00+08:00).") var from: String?
    @Option(help: "Only events captured before this time (RFC 3339).") var to: String?
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func validate() throws {
        guard format == "epcis" else { throw ValidationError("unknown format '\(format)'; the only one is 'epcis'") }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, EventTime(rfc3339: value) == nil {
                throw ValidationError("\(name) '\(value)' is not an RFC 3339 time, e.g. 2026-11-29T10:00:00+08:00")
            }
        }
    }

    func run() throws {
        let store = try station.openStore()
        let prefixes = (try? ConfigLoader.load(path: station.config))?.interpreter.companyPrefixes ?? [:]
        var all: [StoredEvent] = []
        var after: Int64 = 0
        while true {
            let page = try store.batch(after: after, limit: 5000)
            all += page
            guard let last = page.last, page.count == 5000 else { break }
            after = last.seq
        }
        let corrected = Uploader.correctingClocks(all, references: try store.clockReferences())
        let lower = from.flatMap { EventTime(rfc3339: $0) }?.unixMillis ?? .min
        let upper = to.flatMap { EventTime(rfc3339: $0) }?.unixMillis ?? .max
        let decoder = JSONDecoder()
        let selected = corrected.filter { stored in
            guard let event = try? decoder.decode(TraceEvent.self, from: Data(stored.body)) else { return true }
            return event.time.unixMillis >= lower && event.time.unixMillis < upper
        }
        let encoder = EPCISEncoder(prefixes: CompanyPrefixTable(overrides: prefixes))
        let batch = encoder.batch(selected)
        let bytes = encoder.documentBytes(batch)
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else {
                throw ValidationError("cannot write \(output); check the directory and its permissions")
            }
        } else {
            FileHandle.standardOutput.write(Data(bytes + [0x0A]))
        }
        for (stored, item) in zip(batch.stored, batch.items) {
            if case .unencodable(let reason) = item {
                FileHandle.standardError.write(Data("event #\(stored.seq) left out: \(reason)\n".utf8))
            }
        }
    }
}
