import Foundation

/// GS1 date fields: two-digit-year century window, validation and ISO 8601 rendering.
public enum GS1Date {
    /// The four-digit year for a two-digit year `yy` (GS1 General Specifications §7.12): the year
    /// lies within −49…+50 years of `referenceYear`.
    public static func fullYear(twoDigit yy: Int, referenceYear: Int) -> Int {
        let century = referenceYear - referenceYear % 100
        let difference = yy - referenceYear % 100
        if difference >= 51 { return century - 100 + yy }
        if difference <= -50 { return century + 100 + yy }
        return century + yy
    }

    /// The number of days in `month` of `year` (proleptic Gregorian).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The Gregorian year of `date` in UTC.
    public static func year(of date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.component(.year, from: date)
    }

    /// The ISO date ("2027-05-31") of a `YYMMDD` value; `DD` = `00` means the last day of the month.
    /// Nil when the value is not a valid date.
    public static func isoDate<S: StringProtocol>(yymmdd value: S, referenceYear: Int) -> String? {
        guard value.count == 6, value.gs1IsAllDigits, let number = Int(value) else { return nil }
        let year = fullYear(twoDigit: number / 10000, referenceYear: referenceYear)
        return isoDate(year: year, month: number / 100 % 100, day: number % 100)
    }

    /// The ISO date of a `YYYYMMDD` value (DD = 00 means the last day of the month), or nil.
    public static func isoDate<S: StringProtocol>(yyyymmdd value: S) -> String? {
        guard value.count == 8, value.gs1IsAllDigits, let number = Int(value) else { return nil }
        return isoDate(year: number / 10000, month: number / 100 % 100, day: number % 100)
    }

    static func isoDate(year: Int, month: Int, day: Int) -> String? {
        guard (1...12).contains(month), (0...daysIn(month: month, year: year)).contains(day) else { return nil }
        let lastDay = day == 0 ? daysIn(month: month, year: year) : day
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(lastDay, 2)
    }

    /// Checks month and day; the failure text names the wrong part ("month 13", "day 30 …").
    static func checkDay(year: Int, month: Int, day: Int, allowsZeroDay: Bool) -> GS1Linter.Failure? {
        guard (1...12).contains(month) else { return .invalid("month \(pad(month, 2))") }
        if day == 0 {
            return allowsZeroDay ? nil : .invalid("day 00 is not allowed here")
        }
        let days = daysIn(month: month, year: year)
        guard day <= days else {
            return .invalid("day \(pad(day, 2)) (\(monthNames[month - 1]) \(year) has \(days) days)")
        }
        return nil
    }

    static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]
}
