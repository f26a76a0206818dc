/// Checks the combination of AIs in one scan: repeated AIs, invalid pairings (`ex=`), mandatory
/// associations (`req=`) and the digital-signature rule, as the GS1 syntax engine does.
enum GS1AssociationValidator {
    /// Removes exact repeats (same AI and value: allowed) and throws when an AI repeats with a
    /// different value.
    static func deduplicate(_ elements: [GS1Element]) throws(GS1Failure) -> [GS1Element] {
        var seen: [String: String] = [:]
        var unique: [GS1Element] = []
        for element in elements {
            if let earlier = seen[element.ai] {
                guard earlier == element.value else {
                    throw GS1Failure("AI \(element.ai) appears twice with different values: \(GS1Text.show(earlier)) and \(GS1Text.show(element.value))")
                }
                continue
            }
            seen[element.ai] = element.value
            unique.append(element)
        }
        return unique
    }

    /// Throws on an invalid pairing or a digital signature without a serialised key.
    static func checkExclusions(_ elements: [GS1Element]) throws(GS1Failure) {
        let ais = elements.map(\.ai)
        for element in elements {
            guard let definition = GS1Dictionary.lookup(element.ai) else { continue }
            for pattern in definition.exclusions {
                if let other = ais.first(where: { $0 != element.ai && matches($0, pattern) }) {
                    throw GS1Failure("AI \(element.ai) (\(definition.title)) and AI \(other) must not appear together")
                }
            }
        }
        if ais.contains("8030") {
            for key in ["253", "255", "8003"] {
                if let element = elements.first(where: { $0.ai == key }),
                   let definition = GS1Dictionary.lookup(key), element.value.count == definition.minLength {
                    throw GS1Failure("AI 8030 (digital signature) requires AI \(key) with its serial component")
                }
            }
        }
    }

    /// The mandatory associations that `elements` do not satisfy, one message each.
    static func unmetRequirements(_ elements: [GS1Element]) -> [String] {
        let ais = elements.map(\.ai)
        var messages: [String] = []
        for element in elements {
            guard let definition = GS1Dictionary.lookup(element.ai) else { continue }
            for requirement in definition.requirements {
                let satisfied = requirement.contains { group in
                    group.allSatisfy { pattern in ais.contains { $0 != element.ai && matches($0, pattern) } }
                }
                if !satisfied {
                    let options = requirement.map { $0.joined(separator: " with ") }
                    messages.append("AI \(element.ai) (\(definition.title)) requires AI \(GS1Text.orList(options))")
                }
            }
        }
        return messages
    }

    /// `true` when `ai` matches a dictionary pattern such as `01`, `310n`, `31nn` (`n` = any digit).
    static func matches(_ ai: String, _ pattern: String) -> Bool {
        guard ai.count == pattern.count else { return false }
        return zip(ai, pattern).allSatisfy { $1 == "n" ? $0.gs1IsDigit : $0 == $1 }
    }
}
