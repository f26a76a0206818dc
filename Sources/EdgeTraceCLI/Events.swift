import ArgumentParser
import Foundation
import SystemSupport
import TraceModel
import TraceStore

struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Recent events.", subcommands: [Tail.self])

    struct Tail: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the newest events; with -f, keep printing new ones as they are committed.",
            discussion: "-f waits for the database's directory to change (inotify: a commit writes the -wal), then reads "
                + "what is new (one indexed query on the read-only database; the daemon is not disturbed), at most every "
                + "--interval-ms. Where inotify is not available it looks every --interval-ms instead. Stop with Ctrl-C.")

        @OptionGroup var station: StationOptions
        @Option(name: .short, help: "How many of the newest events to print first.") var n = 10
        @Flag(name: .short, help: "Follow: keep printing events as they are committed.") var follow = false
        @Flag(help: "One JSON event per line (as uploaded), instead of a summary line.") var json = false
        @Option(help: "With -f, the shortest pause between two reads of new events, in milliseconds.") var intervalMs = 250

        func run() throws {
            let store = try station.openStore()
            let initial = try store.lastEvents(max(0, n))
            var last = try initial.last?.seq ?? store.queueDepth().lastSeq
            emit(initial)
            guard follow else { return }
            // Woken by writes in the store's directory, not by a timer: an idle station's database stays
            // unread. A watch that cannot be made (no inotify) or whose directory went away: a look every interval.
            let directory = (store.path as NSString).deletingLastPathComponent
            var watch = try? DirectoryWatch(path: directory.isEmpty ? "." : directory, modifications: true)
            while true {
                let batch = try store.batch(after: last, limit: 1000)
                if let tail = batch.last { last = tail.seq }
                emit(batch)
                if batch.count == 1000 { continue }   // more are waiting
                if let w = watch, (try? w.wait(timeout: nil)) == .gone { watch = nil }
                // A commit usually comes with more: read them together after the interval.
                usleep(useconds_t(max(20, intervalMs)) * 1000)
            }
        }

        private func emit(_ events: [StoredEvent]) {
            guard !events.isEmpty else { return }
            var out = ""
            for stored in events {
                if json {
                    out += String(decoding: stored.wireJSON, as: UTF8.self) + "\n"
                } else if var event = try? JSONDecoder().decode(TraceEvent.self, from: Data(stored.body)) {
                    event.seq = stored.seq
                    out += EventLine.format(event) + "\n"
                } else {
                    out += "#\(stored.seq)  (undecodable event body)\n"
                }
            }
            FileHandle.standardOutput.write(Data(out.utf8))
        }
    }
}

/// One event as one line for people.
enum EventLine {
    static func format(_ e: TraceEvent, state: String? = nil) -> String {
        var line = "#\(e.seq)  \(e.time)  \(e.kind.rawValue)"
        if let state { line += "  \(state)" }
        line += "  \(e.device.id)"
        if let s = e.scan {
            if let g = s.gtin { line += "  gtin \(g)" }
            if let l = s.lot { line += "  lot \(l)" }
            if let sn = s.serial { line += "  serial \(sn)" }
            if let ss = s.sscc { line += "  sscc \(ss)" }
            if let x = s.expiry { line += "  expiry \(x)" }
            if s.gtin == nil, s.sscc == nil, let t = s.text { line += "  \(t)" }
        }
        if let t = e.tag { line += "  tag \(t.uid ?? t.epc ?? t.type)" }
        if let s = e.sensor {
            if let c = s.temperatureC { line += "  \(c) °C" }
            if let h = s.humidityPct { line += "  \(h) %RH" }
        }
        if let x = e.excursion { line += "  \(x.rule) \(x.phase) (\(x.sensor) \(x.quantity) \(x.condition) \(x.limit), extreme \(x.extreme))" }
        if let d = e.deviceState { line += "  \(d.state)" + (d.message.map { ": \($0)" } ?? "") }
        if let r = e.rejected { line += "  REJECTED: \(r.reason)" }
        if let step = e.context.bizStep { line += "  [\(step)]" }
        return line
    }
}
