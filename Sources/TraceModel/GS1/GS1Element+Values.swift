import Foundation

extension GS1Element {
    /// Implied decimal places of a measure or amount: the 4th AI digit of 31nn–36nn (trade and
    /// logistic measures), 390n–395n (amounts, prices, percentages); nil for other AIs.
    /// Example: AI 3103 value `000550` has 3 decimals → 0.550 (kg).
    public var decimalPlaces: Int? {
        guard ai.count == 4, ai.gs1IsAllDigits, let last = ai.last?.asciiValue.map({ Int($0) - 0x30 }) else { return nil }
        let head = ai.prefix(3)
        if ("310"..."369").contains(head) { return last }
        if ("390"..."395").contains(head) { return last }
        return nil
    }

    /// The value of a measure or amount with its decimal point applied (`3103` `000550` → 0.55),
    /// without the currency of 391n/393n; nil for AIs without implied decimals or a bad value.
    public var decimalValue: Decimal? {
        guard let places = decimalPlaces else { return nil }
        let digits = currencyCode == nil ? Substring(value) : value.dropFirst(3)
        guard digits.gs1IsAllDigits, let significand = Decimal(string: String(digits)) else { return nil }
        return Decimal(sign: .plus, exponent: -places, significand: significand)
    }

    /// ``decimalValue`` as a `Double` (the nearest one: integer divided by a power of ten).
    public var doubleValue: Double? {
        guard let places = decimalPlaces else { return nil }
        let digits = currencyCode == nil ? Substring(value) : value.dropFirst(3)
        guard digits.gs1IsAllDigits, let number = Double(digits) else { return nil }
        return number / (0..<places).reduce(1.0) { value, _ in value * 10 }
    }

    /// The ISO 4217 numeric currency of AIs 391n and 393n (first 3 digits of the value).
    public var currencyCode: String? {
        guard ai.hasPrefix("391") || ai.hasPrefix("393"), ai.count == 4, value.count > 3 else { return nil }
        return String(value.prefix(3))
    }

    /// The UN/ECE Recommendation 20 unit code of a 31nn–36nn measure (`KGM`, `MTR`, `LTR`, `LBR`…),
    /// as EPCIS `uom` expects; nil for other AIs.
    public var unitCode: String? {
        guard ai.count == 4 else { return nil }
        return Self.unitCodes[String(ai.prefix(3))]
    }

    /// The date of a date AI as ISO "YYYY-MM-DD" (DD = 00 → last day of the month): the first
    /// component of AIs whose first check is `yymmd0`/`yymmdd`/`yyyymmdd` (11–17, 4324–4326, 7003,
    /// 7006, 7007, 7011, 7250, 7251, 8008…). Nil for other AIs or invalid dates.
    public func isoDate(referenceDate: Date) -> String? {
        guard let first = definition?.components.first else { return nil }
        if first.linters.contains(.yymmd0) || first.linters.contains(.yymmdd) {
            return GS1Date.isoDate(yymmdd: value.prefix(6), referenceYear: GS1Date.year(of: referenceDate))
        }
        if first.linters.contains(.yyyymmdd) || first.linters.contains(.yyyymmd0) {
            return GS1Date.isoDate(yyyymmdd: value.prefix(8))
        }
        return nil
    }

    private static let unitCodes: [String: String] = [
        "310": "KGM", "311": "MTR", "312": "MTR", "313": "MTR", "314": "MTK", "315": "LTR", "316": "MTQ",
        "320": "LBR", "321": "INH", "322": "FOT", "323": "YRD", "324": "INH", "325": "FOT", "326": "YRD",
        "327": "INH", "328": "FOT", "329": "YRD",
        "330": "KGM", "331": "MTR", "332": "MTR", "333": "MTR", "334": "MTK", "335": "LTR", "336": "MTQ",
        "337": "28",
        "340": "LBR", "341": "INH", "342": "FOT", "343": "YRD", "344": "INH", "345": "FOT", "346": "YRD",
        "347": "INH", "348": "FOT", "349": "YRD",
        "350": "INK", "351": "FTK", "352": "YDK", "353": "INK", "354": "FTK", "355": "YDK",
        "356": "APZ", "357": "OZA",
        "360": "QTL", "361": "GLL", "362": "QTL", "363": "GLL", "364": "INQ", "365": "FTQ", "366": "YDQ",
        "367": "INQ", "368": "FTQ", "369": "YDQ",
    ]
}
