/// The backup schedule's decisions as values (no I/O): copy names, which copies to delete, when the next
/// copy is due.
///
/// Copies are named `edgetrace-YYYYMMDDTHHMMSSZ.sqlite`, so sorting by name sorts by age.
public enum BackupRotation {
    /// The name of a copy taken at `millis`.
    public static func fileName(millis: Int64) -> String {
        "edgetrace-\(TraceStore.backupStamp(millis: millis)).sqlite"
    }

    /// The names among `names` that are scheduled copies, oldest first.
    public static func copies(_ names: [String]) -> [String] {
        names.filter { name in
            name.hasPrefix("edgetrace-") && name.hasSuffix(".sqlite") && name.count == "edgetrace-20260101T000000Z.sqlite".count
        }.sorted()
    }

    /// The copies to delete so that only the newest `keep` remain.
    public static func toDelete(_ names: [String], keep: Int) -> [String] {
        let all = copies(names)
        return Array(all.prefix(max(0, all.count - max(1, keep))))
    }

    /// Milliseconds until the next copy: `interval` after the newest one, at once when there is none or it
    /// is overdue.
    public static func delayMillis(newestMillis: Int64?, intervalMillis: Int64, nowMillis: Int64) -> Int64 {
        guard let newestMillis else { return 0 }
        return min(intervalMillis, max(0, newestMillis + intervalMillis - nowMillis))
    }
}
