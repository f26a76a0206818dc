/// Validates one element's value against its dictionary definition: length, character set of each
/// component, and the component linters (check digits, dates, code lists…).
enum GS1ElementValidator {
    /// Throws a failure whose reason says which AI, which part and what is wrong.
    static func validate(ai: String, value: String, referenceYear: Int) throws(GS1Failure) {
        guard let definition = GS1Dictionary.lookup(ai) else { throw GS1Failure("unknown AI \(ai)") }
        let characters = Array(value)
        let label = "AI \(ai) (\(definition.title))"
        guard !characters.isEmpty else { throw GS1Failure("\(label) has no data") }
        if characters.count < definition.minLength || characters.count > definition.maxLength {
            throw lengthFailure(label, definition, value: value, count: characters.count)
        }
        var offset = 0
        for component in definition.components {
            let length = min(component.maxLength, characters.count - offset)
            if component.isOptional && length == 0 { continue }
            guard length >= component.minLength else {
                throw GS1Failure("\(label) value \(GS1Text.show(value)): \(characters.count) characters do not fit the format \(format(definition))")
            }
            let part = Substring(String(characters[offset..<(offset + length)]))
            if let (index, character) = GS1Charset.firstInvalid(in: part, charset: component.charset) {
                throw GS1Failure("\(label) value \(GS1Text.show(value)): character \(GS1Text.name(character)) at position \(offset + index + 1) is not allowed (\(GS1Charset.name(component.charset)))")
            }
            for linter in component.linters {
                if let failure = linter.check(part, referenceYear: referenceYear) {
                    throw message(failure, ai: ai, label: label, linter: linter, part: part)
                }
            }
            offset += length
        }
        if offset < characters.count {
            throw lengthFailure(label, definition, value: value, count: characters.count)
        }
    }

    private static func lengthFailure(
        _ label: String, _ definition: GS1ApplicationIdentifier, value: String, count: Int
    ) -> GS1Failure {
        let unit = definition.components.allSatisfy { $0.charset == .numeric } ? "digits" : "characters"
        let expected = definition.isFixedLength
            ? "\(definition.maxLength) required"
            : count < definition.minLength ? "at least \(definition.minLength) required" : "at most \(definition.maxLength) allowed"
        var reason = "\(label) value \(GS1Text.show(value)) has \(count) \(unit), \(expected)"
        if count > definition.maxLength && definition.requiresSeparator {
            reason += " (is a GS separator missing after it?)"
        }
        return GS1Failure(reason)
    }

    private static func message(
        _ failure: GS1Linter.Failure, ai: String, label: String, linter: GS1Linter, part: Substring
    ) -> GS1Failure {
        switch failure {
        case let .checkDigit(expected, got):
            return GS1Failure("\(keyName(ai)) check digit: expected \(expected), got \(GS1Text.describe(got))")
        case let .checkPair(expected, got):
            return GS1Failure("\(label) check characters: expected \(expected), got \(got)")
        case let .invalid(detail):
            return GS1Failure("AI \(ai) \(linter.noun) \(GS1Text.show(part)): \(detail)")
        }
    }

    /// The name of the key whose check digit is wrong ("GTIN", "SSCC", "GLN (AI 410)").
    static func keyName(_ ai: String) -> String {
        switch ai {
        case "00": "SSCC"
        case "01": "GTIN"
        case "02", "03": "GTIN (AI \(ai))"
        case "253": "GDTI"
        case "255": "GCN"
        case "402": "GSIN"
        case "414": "GLN"
        case "410", "411", "412", "413", "415", "416", "417": "GLN (AI \(ai))"
        case "8003": "GRAI"
        case "8006", "8026": "ITIP (AI \(ai))"
        case "8017", "8018": "GSRN (AI \(ai))"
        default: "AI \(ai)"
        }
    }

    /// The dictionary format of an AI, e.g. `N6 [N6]`, `N3 X..27`.
    static func format(_ definition: GS1ApplicationIdentifier) -> String {
        definition.components.map { component in
            let length = component.minLength == component.maxLength ? "\(component.maxLength)" : "..\(component.maxLength)"
            let text = component.charset.rawValue + length
            return component.isOptional ? "[\(text)]" : text
        }.joined(separator: " ")
    }
}
