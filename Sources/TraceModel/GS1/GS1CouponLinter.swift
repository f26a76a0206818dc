/// The North American coupon linters `couponcode` (AI 8110) and `couponposoffer` (AI 8112), ported
/// from gs1/gs1-syntax-dictionary `lint_couponcode.c` and `lint_couponposoffer.c`.
enum GS1CouponLinter {
    /// A cursor over the digits of a coupon value.
    private struct Cursor {
        let digits: [Int]
        var position = 0
        var atEnd: Bool { position >= digits.count }
        var remaining: Int { digits.count - position }

        mutating func next(_ missing: String) throws(GS1Linter.Failure) -> Int {
            guard !atEnd else { throw .invalid("coupon: missing \(missing)") }
            defer { position += 1 }
            return digits[position]
        }

        mutating func skip(_ count: Int, _ what: String) throws(GS1Linter.Failure) {
            guard remaining >= count else { throw .invalid("coupon: truncated \(what)") }
            position += count
        }

        /// A variable-length-indicator-prefixed field whose length is `vli + offset`.
        mutating func field(_ what: String, allowed: ClosedRange<Int>, offset: Int) throws(GS1Linter.Failure) {
            let vli = try next("\(what) length")
            guard allowed.contains(vli) else { throw .invalid("coupon: invalid \(what) length indicator \(vli)") }
            try skip(vli + offset, what)
        }

        func date(at position: Int) -> String {
            digits[position..<position + 6].map(String.init).joined()
        }
    }

    static func checkCouponCode(_ value: Substring) -> GS1Linter.Failure? {
        guard value.gs1IsAllDigits else { return .invalid("coupon: digits only") }
        var c = Cursor(digits: value.map { Int($0.asciiValue! - 0x30) })
        do {
            try c.field("GS1 Company Prefix", allowed: 0...6, offset: 6)
            try c.skip(6, "offer code")
            try c.field("save value", allowed: 1...5, offset: 0)
            try purchaseRequirement(&c, "1st purchase requirement")
            if !c.atEnd, c.digits[c.position] == 1 {
                c.position += 1
                guard try c.next("additional purchase rules code") <= 3 else {
                    return .invalid("coupon: invalid additional purchase rules code")
                }
                try purchaseRequirement(&c, "2nd purchase requirement")
                try optionalCompanyPrefix(&c, "2nd purchase GS1 Company Prefix")
            }
            if !c.atEnd, c.digits[c.position] == 2 {
                c.position += 1
                try purchaseRequirement(&c, "3rd purchase requirement")
                try optionalCompanyPrefix(&c, "3rd purchase GS1 Company Prefix")
            }
            var expiry: String?
            if !c.atEnd, c.digits[c.position] == 3 {
                c.position += 1
                guard c.remaining >= 6 else { return .invalid("coupon: too short for expiration date") }
                expiry = c.date(at: c.position)
                guard validDate(expiry!) else { return .invalid("coupon: invalid expiration date") }
                c.position += 6
            }
            if !c.atEnd, c.digits[c.position] == 4 {
                c.position += 1
                guard c.remaining >= 6 else { return .invalid("coupon: too short for start date") }
                let start = c.date(at: c.position)
                guard validDate(start) else { return .invalid("coupon: invalid start date") }
                if let expiry, start > expiry { return .invalid("coupon: expiration date before start date") }
                c.position += 6
            }
            if !c.atEnd, c.digits[c.position] == 5 {
                c.position += 1
                try c.field("serial number", allowed: 0...9, offset: 6)
            }
            if !c.atEnd, c.digits[c.position] == 6 {
                c.position += 1
                try c.field("retailer GS1 Company Prefix or GLN", allowed: 1...7, offset: 6)
            }
            if !c.atEnd, c.digits[c.position] == 9 {
                c.position += 1
                guard [0, 1, 2, 5, 6].contains(try c.next("save value code")) else {
                    return .invalid("coupon: invalid save value code")
                }
                guard try c.next("save value applies to item") <= 2 else {
                    return .invalid("coupon: invalid save value applies to item")
                }
                _ = try c.next("store coupon flag")
                guard try c.next("don't multiply flag") <= 1 else { return .invalid("coupon: invalid don't multiply flag") }
            }
            return c.atEnd ? nil : .invalid("coupon: excess data")
        } catch {
            return error
        }
    }

    static func checkPositiveOffer(_ value: Substring) -> GS1Linter.Failure? {
        guard value.gs1IsAllDigits else { return .invalid("coupon: digits only") }
        var c = Cursor(digits: value.map { Int($0.asciiValue! - 0x30) })
        do {
            guard try c.next("format code") <= 1 else { return .invalid("coupon: invalid format code") }
            try c.field("funder ID", allowed: 0...6, offset: 6)
            try c.skip(6, "offer code")
            try c.field("serial number", allowed: 0...9, offset: 6)
            return c.atEnd ? nil : .invalid("coupon: excess data")
        } catch {
            return error
        }
    }

    private static func purchaseRequirement(_ c: inout Cursor, _ what: String) throws(GS1Linter.Failure) {
        try c.field(what, allowed: 1...5, offset: 0)
        let code = try c.next("\(what) code")
        guard code <= 4 || code == 9 else { throw .invalid("coupon: invalid \(what) code") }
        try c.skip(3, "\(what) family code")
    }

    private static func optionalCompanyPrefix(_ c: inout Cursor, _ what: String) throws(GS1Linter.Failure) {
        let vli = try c.next("\(what) length")
        guard vli <= 6 || vli == 9 else { throw .invalid("coupon: invalid \(what) length indicator") }
        if vli != 9 {
            try c.skip(vli + 6, what)
        }
    }

    private static func validDate(_ yymmdd: String) -> Bool {
        let number = Int(yymmdd)!
        let month = number / 100 % 100, day = number % 100
        return (1...12).contains(month) && (1...GS1Date.daysIn(month: month, year: 2000 + number / 10000)).contains(day)
    }
}
