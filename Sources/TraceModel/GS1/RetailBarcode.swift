/// EAN/UPC and ITF-14 data: length and check-digit validation, UPC-E expansion, GTIN-14 form.
enum RetailBarcode {
    /// A validated retail code.
    struct Parsed: Equatable {
        /// "EAN-13", "UPC-A", "UPC-E", "EAN-8", "ITF-14".
        var symbology: String
        /// The GTIN as 14 digits.
        var gtin: String
    }

    /// EAN-13 (13 digits; "UPC-A" when it starts with 0), UPC-A (12), EAN-8 (8), UPC-E (8, with
    /// number system 0 or 1) or ITF-14 (14). `eightDigits` says how to read 8 digits.
    static func parse(_ digits: Substring, eightDigits: EightDigits) throws(GS1Failure) -> Parsed {
        guard digits.gs1IsAllDigits else {
            throw GS1Failure("EAN/UPC: digits only expected, got \(GS1Text.show(digits))")
        }
        switch digits.count {
        case 13:
            try checkGTIN(digits)
            return Parsed(symbology: digits.hasPrefix("0") ? "UPC-A" : "EAN-13", gtin: "0" + digits)
        case 12:
            try checkGTIN(digits)
            return Parsed(symbology: "UPC-A", gtin: "00" + digits)
        case 14:
            try checkGTIN(digits)
            return Parsed(symbology: "ITF-14", gtin: String(digits))
        case 8:
            return try parseEight(digits, as: eightDigits)
        default:
            throw GS1Failure("EAN/UPC: \(digits.count) digits is not a valid length (8, 12 or 13)")
        }
    }

    /// How to read an 8-digit code.
    enum EightDigits {
        case ean8, upcE
        /// UPC-E when it starts with 0 or 1 and its check digit fits, else EAN-8.
        case either
    }

    private static func parseEight(_ digits: Substring, as mode: EightDigits) throws(GS1Failure) -> Parsed {
        let upcE = (digits.first == "0" || digits.first == "1") ? expandUPCE(digits) : nil
        switch mode {
        case .ean8:
            try checkGTIN(digits)
            return Parsed(symbology: "EAN-8", gtin: "000000" + digits)
        case .upcE:
            guard let upcA = upcE else {
                throw GS1Failure("UPC-E: number system must be 0 or 1, got \(digits.first!)")
            }
            try checkGTIN(Substring(upcA))
            return Parsed(symbology: "UPC-E", gtin: "00" + upcA)
        case .either:
            if let upcA = upcE, CheckDigit.isValid(upcA) {
                return Parsed(symbology: "UPC-E", gtin: "00" + upcA)
            }
            return try parseEight(digits, as: .ean8)
        }
    }

    /// Throws "GTIN check digit: expected 7, got 8" when the last digit is wrong.
    static func checkGTIN(_ digits: Substring) throws(GS1Failure) {
        let expected = CheckDigit.mod10(digits.dropLast())
        guard let last = digits.last, last.asciiValue == UInt8(0x30 + expected) else {
            throw GS1Failure("GTIN check digit: expected \(expected), got \(digits.last.map(String.init) ?? "")")
        }
    }

    /// The UPC-A (12 digits, same check digit) that UPC-E `digits` (8: number system, 6, check)
    /// stands for, or nil when the number system is not 0 or 1.
    static func expandUPCE<S: StringProtocol>(_ digits: S) -> String? {
        let d = Array(digits)
        guard d.count == 8, d[0] == "0" || d[0] == "1" else { return nil }
        let (ns, x, check) = (d[0], Array(d[1...6]), d[7])
        let body: [Character]
        switch x[5] {
        case "0", "1", "2": body = [x[0], x[1], x[5], "0", "0", "0", "0", x[2], x[3], x[4]]
        case "3": body = [x[0], x[1], x[2], "0", "0", "0", "0", "0", x[3], x[4]]
        case "4": body = [x[0], x[1], x[2], x[3], "0", "0", "0", "0", "0", x[4]]
        default: body = [x[0], x[1], x[2], x[3], x[4], "0", "0", "0", "0", x[5]]
        }
        return String([ns] + body + [check])
    }
}
