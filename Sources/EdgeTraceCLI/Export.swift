import ArgumentParser
import EdgeTraceConfig
import Foundation
import TraceModel
import TraceStore
import TraceSync

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write local events in a time range (and for one code) as JSONL, CSV or an EPCIS 2.0 document, for recalls and audits.",
        discussion: """
            --from is inclusive, --to exclusive; each is RFC 3339 (2026-11-29T08:00:00+08:00) or a date (2026-11-29, \
            midnight UTC; a date given to --to includes that whole day). Events are streamed in seq order.

            jsonl: one stored event per line, exactly as uploaded (canonical JSON with seq, hash, prevHash).
            csv: a header line, then one row per event with the columns
              \(Export.csvColumns.joined(separator: ","))
            (RFC 4180 quoting; empty when the event has no such field; time in RFC 3339 with the station's offset).
            epcis: the EPCISDocument (JSON-LD) that upstream protocol "epcis" uploads for these events, byte for \
            byte (same encoder, same clock correction); rejected reads, device and command events are not EPCIS \
            events and are left out, as in the upload.
            """)

    static let csvColumns = ["seq", "event_id", "time", "kind", "device_id", "gtin", "lot", "serial", "sscc", "expiry",
                             "epc", "tag_uid", "temperature_c", "humidity_pct", "read_point", "biz_step", "disposition",
                             "work_order", "symbology", "raw", "rejected_reason", "hash"]

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv, epcis }

    @OptionGroup var station: StationOptions
    @Option(help: "From (inclusive): RFC 3339 time or YYYY-MM-DD.") var from: String?
    @Option(help: "To (exclusive): RFC 3339 time or YYYY-MM-DD (that whole day included).") var to: String?
    @Option(help: "Only events carrying this GTIN, lot, serial or SSCC.") var code: String?
    @Option(help: "jsonl, csv or epcis.") var format: Format = .jsonl
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    static func parseTime(_ text: String, endOfDay: Bool) throws -> Int64 {
        if let t = EventTime(rfc3339: text) { return t.unixMillis }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        if parts.count == 3, text.count == 10 {
            var c = DateComponents()
            (c.year, c.month, c.day) = (parts[0], parts[1], parts[2])
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            if let date = calendar.date(from: c), c.isValidDate(in: calendar) {
                return Int64(date.timeIntervalSince1970 * 1000) + (endOfDay ? 86_400_000 : 0)
            }
        }
        throw ValidationError("'\(text)' is not a time: use RFC 3339 (2026-11-29T08:00:00+08:00) or a date (2026-11-29)")
    }

    func run() throws {
        let filter = TraceStore.ExportFilter(fromMillis: try from.map { try Self.parseTime($0, endOfDay: false) },
                                             toMillis: try to.map { try Self.parseTime($0, endOfDay: true) }, code: code)
        let store = try station.openStore()
        if format == .epcis {
            try exportEPCIS(store: store, filter: filter)
            return
        }
        let sink: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) , let handle = FileHandle(forWritingAtPath: output) else {
                throw ValidationError("cannot create \(output)")
            }
            sink = handle
        } else {
            sink = FileHandle.standardOutput
        }
        var writer = BufferedWriter(handle: sink)
        if format == .csv { writer.write(Self.csvColumns.joined(separator: ",") + "\r\n") }
        var count = 0
        let decoder = JSONDecoder()
        try store.forEachEvent(filter) { stored in
            count += 1
            switch format {
            case .jsonl:
                writer.write(bytes: stored.wireJSON + [UInt8(ascii: "\n")])
            case .csv, .epcis:
                var event = try decoder.decode(TraceEvent.self, from: Data(stored.body))
                event.seq = stored.seq
                event.hash = stored.hash
                writer.write(Self.csvRow(event) + "\r\n")
            }
        }
        writer.flush()
        if output != nil {
            try sink.close()
            FileHandle.standardError.write(Data("\(count) event(s) written to \(output!)\n".utf8))
        }
    }

    /// The EPCISDocument of the selected events: one document, as one upload would carry them (it is
    /// built in memory: select a time range for a long history).
    func exportEPCIS(store: TraceStore, filter: TraceStore.ExportFilter) throws {
        var all: [StoredEvent] = []
        try store.forEachEvent(filter) { all.append($0) }
        let corrected = Uploader.correctingClocks(all, references: try store.clockReferences())
        let prefixes = (try? ConfigLoader.load(path: station.config))?.interpreter.companyPrefixes ?? [:]
        let encoder = EPCISEncoder(prefixes: CompanyPrefixTable(overrides: prefixes))
        let batch = encoder.batch(corrected)
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

    static func csvRow(_ e: TraceEvent) -> String {
        let s = e.scan
        let fields: [String?] = [
            String(e.seq), e.eventID, e.time.description, e.kind.rawValue, e.device.id,
            s?.gtin ?? e.tag?.gtin, s?.lot, s?.serial, s?.sscc, s?.expiry,
            s?.epc ?? e.tag?.epc, e.tag?.uid, e.sensor?.temperatureC.map { String($0) }, e.sensor?.humidityPct.map { String($0) },
            e.context.readPoint, e.context.bizStep, e.context.disposition, e.context.workOrder,
            s?.symbology, s?.raw ?? e.rejected?.raw, e.rejected?.reason, e.hash,
        ]
        return fields.map { csvField($0 ?? "") }.joined(separator: ",")
    }

    /// RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled. Control characters (GS) are kept.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Collects output in 64 KiB chunks so a large export is not one write per line.
struct BufferedWriter {
    let handle: FileHandle
    private var buffer: [UInt8] = []

    init(handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(70_000)
    }

    mutating func write(_ text: String) { write(bytes: Array(text.utf8)) }

    mutating func write(bytes: [UInt8]) {
        buffer += bytes
        if buffer.count >= 65_536 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
