import ArgumentParser
import EdgeTraceConfig
import EdgeTraceControl
import Foundation

/// How to reach the running daemon: its control socket, from the configuration or given directly.
struct ControlOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Configuration file (gives [daemon] control_socket).")
    var config: String = EdgeTraceConfiguration.defaultPath

    @Option(help: "The daemon's control socket; overrides the one in the configuration.")
    var socket: String?

    @Flag(help: "Print the daemon's answer as JSON.") var json = false

    var socketPath: String {
        if let socket { return socket }
        // Not a full load: a reload of a file with a mistake must still reach the daemon, which names the mistake.
        return ConfigLoader.controlSocket(path: config) ?? EdgeTraceConfiguration.defaultControlSocket
    }

    /// Sends `request`, prints the answer; exit 1 when the daemon refused, 2 when it could not be reached.
    func send(_ request: ControlRequest) throws {
        let path = socketPath
        let response: ControlResponse
        do {
            response = try ControlClient.send(request, to: path)
        } catch {
            if json {
                print(try Output.json(ControlResponse.failure(.init(rawValue: "unreachable"), error.description)))
            } else {
                FileHandle.standardError.write(Data("edgetrace: \(error.description)\n".utf8))
            }
            throw ExitCode(2)
        }
        if json {
            print(try Output.json(response))
        } else if response.ok {
            print(response.message)
            if let r = response.reload {
                for (label, ids) in [("started", r.started), ("stopped", r.stopped), ("restarted", r.restarted)] where !ids.isEmpty {
                    print("  \(label): \(ids.joined(separator: ", "))")
                }
            }
        } else {
            FileHandle.standardError.write(Data("edgetrace: \(response.message)\n".utf8))
        }
        if !response.ok { throw ExitCode(1) }
    }
}

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Ask the daemon to upload now, skipping its backoff wait.")
    @OptionGroup var control: ControlOptions
    func run() throws { try control.send(ControlRequest(.sync)) }
}

struct Pause: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pause uploading (reads are still captured and stay queued; status shows 'paused').",
        discussion: "The pause lasts until edgetrace resume or until the daemon restarts (it is not stored).")
    @OptionGroup var control: ControlOptions
    func run() throws { try control.send(ControlRequest(.pause)) }
}

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Resume uploading after edgetrace pause.")
    @OptionGroup var control: ControlOptions
    func run() throws { try control.send(ControlRequest(.resume)) }
}

struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-read the configuration in the running daemon (as SIGHUP does).",
        discussion: "Devices whose settings did not change keep running; changed, added and removed devices are "
            + "restarted, started and stopped; the station context applies to the following events. An invalid "
            + "file is refused with its FILE:LINE error and the running configuration stays. Store, upstream and "
            + "[daemon] changes need a restart (the answer lists them).")
    @OptionGroup var control: ControlOptions
    func run() throws { try control.send(ControlRequest(.reload)) }
}

extension Quarantine {
    /// `SEQ` (repeatable) or `all`.
    static func target(_ values: [String]) throws -> (seqs: [Int64]?, all: Bool) {
        if values == ["all"] { return (nil, true) }
        let seqs = try values.map { v -> Int64 in
            guard let n = Int64(v.trimmingCharacters(in: CharacterSet(charactersIn: "#"))), n > 0 else {
                throw ValidationError("'\(v)' is not an event seq: give seqs from edgetrace quarantine list, or 'all'")
            }
            return n
        }
        guard !seqs.isEmpty else { throw ValidationError("give one or more seqs, or 'all'") }
        return (seqs, false)
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue quarantined events for another upload (e.g. after the platform was fixed).",
            discussion: "The events are sent before the main queue, unchanged (same eventID, seq and hash); "
                + "who asked, when and why is recorded in the audit table.")
        @OptionGroup var control: ControlOptions
        @Argument(help: "Event seqs (from edgetrace quarantine list), or 'all'.") var events: [String]
        @Option(help: "Why (recorded in the audit table).") var reason: String?

        func run() throws {
            let t = try Quarantine.target(events)
            try control.send(ControlRequest(.quarantineRetry, seqs: t.seqs, all: t.all ? true : nil, reason: reason))
        }
    }

    struct Discard: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give up on quarantined events: they stay in the local store and are never sent.",
            discussion: "The reason, who and when are recorded in the audit table.")
        @OptionGroup var control: ControlOptions
        @Argument(help: "Event seqs (from edgetrace quarantine list), or 'all'.") var events: [String]
        @Option(help: "Why (required; recorded in the audit table).") var reason: String

        func validate() throws {
            if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say why") }
        }

        func run() throws {
            let t = try Quarantine.target(events)
            try control.send(ControlRequest(.quarantineDiscard, seqs: t.seqs, all: t.all ? true : nil, reason: reason))
        }
    }
}

extension Quarantine {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who retried or discarded which quarantined event, when and why (and what the platform said), newest first.")
        @OptionGroup var station: StationOptions
        @Option(help: "Only this event.") var seq: Int64?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let actions = try station.openStore().quarantineAudit(seq: seq)
            if json {
                print(try Output.json(actions))
                return
            }
            if actions.isEmpty { print("no quarantine actions recorded") }
            let now = Output.nowMillis
            for a in actions {
                print("#\(a.seq)  \(a.action)  by \(a.actor), \(Output.age(a.atMillis, now: now))\(a.reason.map { ": \($0)" } ?? "")")
            }
        }
    }
}
