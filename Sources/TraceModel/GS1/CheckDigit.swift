/// GS1 check digits and check-character pairs.
public enum CheckDigit {
    /// The GS1 mod-10 check digit for `digits` (the data digits, *without* the check digit).
    ///
    /// Weights 3, 1, 3, 1… from the rightmost data digit; check = (10 − sum mod 10) mod 10.
    /// Used by GTIN, SSCC, GLN, GSIN, GDTI, GRAI, GSRN, ITF-14, EAN/UPC. Characters that are not
    /// ASCII digits count as 0 (``isValid(_:)`` rejects them).
    public static func mod10<S: StringProtocol>(_ digits: S) -> Int {
        var sum = 0
        var weight = 3
        for character in digits.reversed() {
            let digit = character.gs1IsDigit ? Int(character.asciiValue! - 0x30) : 0
            sum += digit * weight
            weight = 4 - weight
        }
        return (10 - sum % 10) % 10
    }

    /// `true` when `digits` is all ASCII digits, at least 2 long, and its last digit is the
    /// ``mod10(_:)`` check digit of the others.
    public static func isValid<S: StringProtocol>(_ digits: S) -> Bool {
        guard digits.count >= 2, digits.gs1IsAllDigits, let last = digits.last else { return false }
        return mod10(digits.dropLast()) == Int(last.asciiValue! - 0x30)
    }

    /// The two check characters (from CSET 32) for `data` under the GS1 alphanumeric check-character
    /// pair algorithm (AIs 8013 GMN, 8014 MUDI), or nil when `data` has a character outside CSET 82
    /// or is longer than 97 characters.
    public static func alphaPair<S: StringProtocol>(_ data: S) -> String? {
        let characters = Array(data)
        guard characters.count <= primes.count else { return nil }
        var sum = 0
        for (index, character) in characters.enumerated() {
            guard let weight = cset82Weights[character] else { return nil }
            sum += weight * primes[characters.count - 1 - index]
        }
        sum %= 1021
        let cset32 = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        return String([cset32[sum >> 5], cset32[sum & 31]])
    }

    private static let cset82Weights: [Character: Int] =
        Dictionary(uniqueKeysWithValues: GS1Charset.cset82Order.enumerated().map { ($1, $0) })

    /// The first 97 primes: the weights of the check-character pair algorithm, rightmost first.
    private static let primes: [Int] = [
        2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89,
        97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193,
        197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311,
        313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419, 421, 431, 433,
        439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509,
    ]
}
