import ArgumentParser
import Foundation
import TraceStore

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the hash chain over the local store; exit 1 and name the first broken link if any.")

    @OptionGroup var station: StationOptions
    @Flag(help: "Print JSON.") var json = false

    struct Report: Encodable {
        var ok: Bool
        var database: String
        var events: Int64
        var lastSeq: Int64
        var brokenSeq: Int64?
        var message: String
    }

    func run() throws {
        let store = try station.openStore()
        let stats = try store.stats()
        let broken = try store.verifyChain()
        let message: String
        if let broken {
            message = "BROKEN: the hash chain breaks at event #\(broken): it (or the one before it) was changed or removed after capture. "
                + "Keep this database as evidence (edgetrace backup DEST), compare event #\(broken) with the platform's copy, "
                + "and report it; new events are still chained and uploaded."
        } else {
            message = "OK: hash chain intact over \(stats.events) event(s), last seq \(stats.lastSeq)"
        }
        if json {
            print(try Output.json(Report(ok: broken == nil, database: store.path, events: stats.events, lastSeq: stats.lastSeq,
                                         brokenSeq: broken, message: message)))
        } else {
            print(message)
        }
        if broken != nil { throw ExitCode(1) }
    }
}
