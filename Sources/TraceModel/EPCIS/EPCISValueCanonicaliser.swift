import Foundation

/// The value rules of the reference event hash (`_canonize_value`, `_fix_time_stamp_format`).
enum EPCISValueCanonicaliser {
    /// `_canonize_value`: old CBV URNs become web vocabulary, numbers are normalised as Python's
    /// `float()`/`str()` do (`0042` → `42`, `1.50` → `1.5`), GS1 keys become canonical Digital Link.
    static func canonical(_ text: String) throws(EPCISHashError) -> String {
        let web = webVocabulary(text)
        let numeric = try PythonNumber.formatNumeric(web)
        return DigitalLinkNormaliser.normalise(numeric) ?? numeric
    }

    static func webVocabulary(_ text: String) -> String {
        text.replacingOccurrences(of: "urn:epcglobal:cbv:bizstep:", with: "https://ref.gs1.org/cbv/BizStep-")
            .replacingOccurrences(of: "urn:epcglobal:cbv:disp:", with: "https://ref.gs1.org/cbv/Disp-")
            .replacingOccurrences(of: "urn:epcglobal:cbv:btt:", with: "https://ref.gs1.org/cbv/BTT-")
            .replacingOccurrences(of: "urn:epcglobal:cbv:sdt:", with: "https://ref.gs1.org/cbv/SDT-")
            .replacingOccurrences(of: "urn:epcglobal:cbv:er:", with: "https://ref.gs1.org/cbv/ER-")
    }

    nonisolated(unsafe) private static let isoTime =
        #/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/#

    /// `_fix_time_stamp_format`: the instant in UTC at millisecond precision (`…T12:00:00.000Z`),
    /// microseconds rounded half-even to milliseconds. Text that is not a date-time is kept as it is
    /// (the reference logs a warning and keeps it). A time without an offset is taken as UTC (the
    /// reference takes the local time zone of the machine that runs it).
    static func timestamp(_ text: String) throws(EPCISHashError) -> String {
        guard let m = text.wholeMatch(of: isoTime) else { return text }
        guard let year = Int(m.1), let month = Int(m.2), let day = Int(m.3), let hour = Int(m.4), let minute = Int(m.5),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60
        else { return text }
        let second = m.6.flatMap { Int($0) } ?? 0
        guard second < 60 else { return text }
        var micro = 0
        if let fraction = m.7 {
            let digits = String(fraction.prefix(6))
            micro = Int(digits.padding(toLength: 6, withPad: "0", startingAt: 0)) ?? 0
        }
        var offsetSeconds = 0
        if let zone = m.8, zone != "Z", zone != "z" {
            let sign = zone.hasPrefix("-") ? -1 : 1
            let digits = zone.dropFirst().filter(\.isNumber)
            let hh = Int(digits.prefix(2)) ?? 0
            let mm = digits.count >= 4 ? Int(digits.dropFirst(2).prefix(2)) ?? 0 : 0
            offsetSeconds = sign * (hh * 3600 + mm * 60)
        }
        var millis = micro / 1000
        let remainder = micro % 1000
        if remainder > 500 || (remainder == 500 && millis % 2 == 1) { millis += 1 }
        if millis == 1000 {
            throw EPCISHashError("'\(text)' rounds to a full second; the reference fails on it (microsecond out of range)")
        }
        let local = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
        let utc = local - offsetSeconds
        let days = Int((Double(utc) / 86400).rounded(.down))
        let secondsOfDay = utc - days * 86400
        let (y, mo, d) = civilFromDays(days)
        return pad(y, 4) + "-" + pad(mo, 2) + "-" + pad(d, 2) + "T" + pad(secondsOfDay / 3600, 2) + ":"
            + pad(secondsOfDay % 3600 / 60, 2) + ":" + pad(secondsOfDay % 60, 2) + "." + pad(millis, 3) + "Z"
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
