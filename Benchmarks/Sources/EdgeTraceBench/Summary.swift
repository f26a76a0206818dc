import Synchronization

/// The headline figure of each benchmark run, printed as one table at the end (issue 7: one command runs
/// them all and prints a table); the lines above it have the details.
enum Summary {
    struct Row: Sendable {
        var benchmark: String
        var figure: String
        var goal: String
    }

    private static let rows = Mutex<[Row]>([])

    static func add(_ benchmark: String, _ figure: String, goal: String = "") {
        rows.withLock { $0.append(Row(benchmark: benchmark, figure: figure, goal: goal)) }
    }

    /// A Markdown table of the rows added, or nothing when there are none.
    static func table() -> String {
        let all = rows.withLock { $0 }
        guard !all.isEmpty else { return "" }
        var out = "\n| benchmark | figure | goal |\n|---|---|---|\n"
        for row in all { out += "| \(row.benchmark) | \(row.figure) | \(row.goal) |\n" }
        return out
    }
}
