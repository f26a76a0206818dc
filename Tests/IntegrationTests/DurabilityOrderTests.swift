import Foundation
import Testing
import TraceTesting

@Suite("Durability order", .serialized)
struct DurabilityOrderTests {
    /// Under strace: for every ACK the daemon writes to the scanner, the write-ahead log was synced to disk
    /// (fdatasync/fsync of the -wal file) after its last write and before the ACK. A read is never confirmed
    /// before it can survive a power cut.
    @Test("ACK only after the fsync of the commit (strace)", .timeLimit(.minutes(2)))
    func ackAfterFsync() async throws {
        let station = try Station(handshake: true)
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig()
        let trace = station.dir + "/strace.txt"
        try await station.startDaemon(wrapper: ["/usr/bin/strace", "-f", "-y", "-s", "16384", "-e", "trace=pwrite64,write,fsync,fdatasync", "-o", trace, "--"])
        var acked = 0
        for i in 0..<5 where try await station.scanner.sendAndAwaitReply(gs1Scan(i), timeout: .seconds(5)) == 0x06 { acked += 1 }
        #expect(acked == 5)
        // SIGTERM the daemon itself (strace's child); strace exits with it.
        let tracer = station.daemon!.pid
        let children = (try? String(contentsOfFile: "/proc/\(tracer)/task/\(tracer)/children", encoding: .utf8)) ?? ""
        for child in children.split(separator: " ").compactMap({ Int32($0) }) { kill(child, SIGTERM) }
        _ = try await station.daemon?.waitForExit()

        try? FileManager.default.removeItem(atPath: "/tmp/edgetrace-strace-last.txt")
        try? FileManager.default.copyItem(atPath: trace, toPath: "/tmp/edgetrace-strace-last.txt")
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").map(String.init)
        let ackIndexes = lines.indices.filter { lines[$0].contains("</dev/pts/") && lines[$0].contains(#"write("#) && lines[$0].contains(#""\6", 1"#) }
        #expect(ackIndexes.count == 5, "five ACK writes to the tty in the trace")
        // Scans are sent one at a time, so ACK k belongs to scan k. Its commit is the first write of a WAL
        // page holding its serial; an fsync of the WAL must come after that write and before the ACK (any
        // fsync of the file covers every write before it; status and cursor commits may interleave).
        var checked = 0
        for (k, ack) in ackIndexes.enumerated() {
            guard let commit = lines[..<ack].firstIndex(where: { $0.contains("pwrite64(") && $0.contains("-wal>") && $0.contains("221SN\(k)") }) else {
                Issue.record("no WAL write of scan \(k) before its ACK")
                continue
            }
            let synced = lines[commit..<ack].contains { ($0.contains("fdatasync(") || $0.contains("fsync(")) && $0.contains("-wal>") }
            #expect(synced, "scan \(k): the WAL was synced between its commit (trace line \(commit + 1)) and its ACK (line \(ack + 1))")
            checked += 1
        }
        print("durability order: \(checked) ACKs, each after the fsync of its commit")
    }
}
