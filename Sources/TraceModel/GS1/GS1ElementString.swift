/// An element as split out of a scan, before its value is validated.
struct GS1RawElement: Equatable {
    /// The AI digits.
    let ai: String
    /// The value as found.
    let value: String
    /// 1-based character position of the AI in the data, for messages.
    let position: Int
}

/// Splitting GS1 element strings (`01…17…10…<GS>21…`) and their human-readable form
/// (`(01)…(17)…(10)…`) into elements, using the dictionary's predefined lengths.
enum GS1ElementString {
    /// ASCII GS (0x1D): how scanners transmit FNC1 separators.
    static let groupSeparator: Character = "\u{1D}"

    /// Splits an element string (data after the symbology identifier; a leading GS is skipped).
    ///
    /// A predefined-length AI takes its fixed number of characters (fewer if a GS or the end comes
    /// first); every other AI runs to the next GS or the end. Values are not validated here.
    static func split(_ data: Substring) throws(GS1Failure) -> [GS1RawElement] {
        let characters = Array(data)
        var elements: [GS1RawElement] = []
        var index = 0
        var previousFixed: GS1ApplicationIdentifier?
        while index < characters.count {
            if characters[index] == groupSeparator {
                index += 1
                previousFixed = nil
                continue
            }
            let head = Substring(String(characters[index..<min(index + 4, characters.count)]))
            guard let definition = GS1Dictionary.match(prefixOf: head) else {
                throw unknownAI(head, position: index + 1, after: previousFixed)
            }
            let start = index + definition.ai.count
            var end = characters[start...].firstIndex(of: groupSeparator) ?? characters.count
            if definition.isPredefinedLength {
                end = min(end, start + definition.maxLength)
            }
            guard start < end else {
                throw GS1Failure("AI \(definition.ai) (\(definition.title)) has no data (character \(index + 1))")
            }
            elements.append(GS1RawElement(ai: definition.ai, value: String(characters[start..<end]), position: index + 1))
            previousFixed = definition.isPredefinedLength ? definition : nil
            index = end
        }
        guard !elements.isEmpty else { throw GS1Failure("no GS1 data: only separators") }
        return elements
    }

    private static func unknownAI(_ head: Substring, position: Int, after previous: GS1ApplicationIdentifier?) -> GS1Failure {
        let digits = head.prefix(while: \.gs1IsDigit)
        var reason = digits.count >= 2
            ? "unknown AI: no GS1 Application Identifier starts \(digits) (character \(position))"
            : "expected a GS1 Application Identifier at character \(position), found \(GS1Text.show(head))"
        if let previous {
            reason += "; AI \(previous.ai) before it has a fixed length of \(previous.maxLength): is its value too long?"
        }
        return GS1Failure(reason)
    }

    /// `true` when `text` starts like the human-readable form: `(` + 2–4 digits + `)`.
    static func looksLikeHumanReadable<S: StringProtocol>(_ text: S) -> Bool {
        parenthesisedAI(Array(text), at: 0) != nil
    }

    /// Splits the human-readable form `(01)09506000134352(17)201225(10)ABC`.
    ///
    /// A `(` starts the next AI only when followed by 2–4 digits and `)`; otherwise it is data
    /// (`\(` is also accepted as an escaped data parenthesis). Spaces around values are ignored.
    static func splitHumanReadable(_ text: Substring) throws(GS1Failure) -> [GS1RawElement] {
        let characters = Array(text)
        var elements: [GS1RawElement] = []
        var index = 0
        while index < characters.count {
            guard let (ai, next) = parenthesisedAI(characters, at: index) else {
                throw GS1Failure("human-readable GS1 data: expected (AI) at character \(index + 1)")
            }
            guard let definition = GS1Dictionary.lookup(ai) else {
                throw GS1Failure("unknown AI (\(ai)) at character \(index + 1)")
            }
            let position = index + 1
            index = next
            var value = ""
            while index < characters.count, parenthesisedAI(characters, at: index) == nil {
                if characters[index] == "\\", index + 1 < characters.count, characters[index + 1] == "(" {
                    index += 1
                }
                value.append(characters[index])
                index += 1
            }
            let trimmed = Substring(value).gs1TrimmingSpaces()
            guard !trimmed.isEmpty else {
                throw GS1Failure("AI \(definition.ai) (\(definition.title)) has no data (character \(position))")
            }
            elements.append(GS1RawElement(ai: ai, value: trimmed, position: position))
        }
        return elements
    }

    /// The AI of a `(NN)`…`(NNNN)` group starting at `index` (spaces before it allowed) and the
    /// index after its `)`, or nil.
    private static func parenthesisedAI(_ characters: [Character], at index: Int) -> (String, Int)? {
        var start = index
        while start < characters.count, characters[start] == " " { start += 1 }
        guard start < characters.count, characters[start] == "(" else { return nil }
        if index > 0, characters[index - 1] == "\\" { return nil }
        var end = start + 1
        while end < characters.count, characters[end].gs1IsDigit, end - start <= 4 { end += 1 }
        let length = end - start - 1
        guard (2...4).contains(length), end < characters.count, characters[end] == ")" else { return nil }
        return (String(characters[(start + 1)..<end]), end + 1)
    }
}
