/// Parses an HTTP `Retry-After` value (RFC 9110 §10.2.3): delay-seconds or an IMF-fixdate.
public enum RetryAfter {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The delay the value asks for, measured from `nowMillis` (ms since epoch); nil when unreadable.
    /// A date in the past gives zero.
    public static func parse(_ value: String, nowMillis: Int64) -> Duration? {
        let v = value.trimmingCharacters(in: " \t")
        if !v.isEmpty, v.allSatisfy({ $0.isASCII && $0.isNumber }), let s = Int64(v) {
            return .seconds(s)
        }
        // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
        let parts = v.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]),
              let month = months.firstIndex(of: String(parts[2])), let year = Int(parts[3]) else { return nil }
        let hms = parts[4].split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3, (1...31).contains(day), hms[0] < 24, hms[1] < 60, hms[2] < 61 else { return nil }
        let days = Self.daysFromCivil(year, month + 1, day)
        let at = (Int64(days) * 86_400 + Int64(hms[0] * 3600 + hms[1] * 60 + hms[2])) * 1000
        return .milliseconds(max(0, at - nowMillis))
    }

    private static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
