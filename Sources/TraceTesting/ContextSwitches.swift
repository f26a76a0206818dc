import Foundation

/// How often the threads of a process were switched out (`voluntary_ctxt_switches` +
/// `nonvoluntary_ctxt_switches` of `/proc/PID/task/TID/status`): what a test reads to show that something
/// waits without polling (a thread that wakes every 100 ms shows ten switches a second).
public enum ContextSwitches {
    /// Switches so far, by thread ID, of the threads `pid` has now.
    public static func byThread(_ pid: Int32) -> [Int32: Int] {
        let dir = "/proc/\(pid)/task"
        var out: [Int32: Int] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
            guard let tid = Int32(name), let count = of(path: "\(dir)/\(name)/status") else { continue }
            out[tid] = count
        }
        return out
    }

    /// The switches of the calling thread so far.
    public static func ofCurrentThread() -> Int {
        of(path: "/proc/thread-self/status") ?? 0
    }

    /// Switches between two ``byThread(_:)`` snapshots: the growth of the threads in both, plus all the
    /// switches of threads started in between.
    public static func delta(_ before: [Int32: Int], _ after: [Int32: Int]) -> Int {
        after.reduce(0) { sum, entry in sum + entry.value - (before[entry.key] ?? 0) }
    }

    /// The switches of the threads of `pid` while `duration` passes (see ``delta(_:_:)``).
    public static func during(_ duration: Duration, of pid: Int32) async throws -> Int {
        let before = byThread(pid)
        try await Task.sleep(for: duration)
        return delta(before, byThread(pid))
    }

    /// The first process below `pid` (children, grandchildren…) whose name (`comm`, 15 characters at most)
    /// starts like `name`.
    public static func descendant(of pid: Int32, named name: String) -> Int32? {
        var parents: [Int32: Int32] = [:]
        var names: [Int32: String] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let p = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(p)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { continue }
            names[p] = String(stat[stat.index(after: open)..<close])
            let rest = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            if rest.count > 1, let parent = Int32(rest[1]) { parents[p] = parent }
        }
        let prefix = String(name.prefix(15))
        for (p, comm) in names.sorted(by: { $0.key < $1.key }) where comm == prefix {
            var up = parents[p]
            while let q = up, q > 1 {
                if q == pid { return p }
                up = parents[q]
            }
        }
        return nil
    }

    private static func of(path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var total = 0
        for line in text.split(separator: "\n") {
            if line.hasPrefix("voluntary_ctxt_switches:") || line.hasPrefix("nonvoluntary_ctxt_switches:") {
                total += Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
            }
        }
        return total
    }
}
