/// The bare-word step of the reference event hash (`json_to_py._bare_string_pre_preocessing` in
/// epcis-event-hash-generator): the reference expands the document with JSON-LD, collects every
/// expanded value under `https://ref.gs1.org/cbv` or `https://gs1.org/voc`, and then replaces *any*
/// string value of the document that is the last `-` or `/` segment of exactly one of them.
///
/// This type does the same without a JSON-LD processor: the EPCIS 2.0 context's vocabulary-typed
/// properties and their terms are a table (``scopedTerms``), CURIEs with the context's prefixes are
/// expanded, and full IRIs are taken as they are.
enum EPCISVocabulary {
    static let collectedPrefixes = ["https://ref.gs1.org/cbv", "https://gs1.org/voc"]
    static let curiePrefixes: [String: String] = [
        "cbv": "https://ref.gs1.org/cbv/", "gs1": "https://gs1.org/voc/", "epcis": "https://ref.gs1.org/epcis/",
    ]

    // The helpers below are internal on purpose: declared `private`, Swift 6.3.1 at -O returned an
    // empty set from `collect` (every fixture hash was then wrong in release builds; debug was right).

    /// The document with bare vocabulary words replaced as the reference replaces them.
    static func replacingBareWords(in document: JSONValue) -> JSONValue {
        var expanded = Set<String>()
        collect(document, scope: "", property: "", into: &expanded)
        guard !expanded.isEmpty else { return document }
        return replace(document, expanded: Array(expanded))
    }

    static func expand(_ value: String, scope: String, property: String) -> String? {
        if let row = scopedTerms.first(where: { $0.property == property && ($0.scope == scope || $0.scope.isEmpty) }),
           row.terms.contains(value) {
            return row.prefix + value
        }
        if let colon = value.firstIndex(of: ":"), let base = curiePrefixes[String(value[..<colon])],
           isVocabularyProperty(property, scope: scope) {
            return base + value[value.index(after: colon)...]
        }
        return value
    }

    static func isVocabularyProperty(_ property: String, scope: String) -> Bool {
        scopedTerms.contains { $0.property == property && ($0.scope == scope || $0.scope.isEmpty) }
            || (scope == "persistentDisposition" && (property == "set" || property == "unset"))
    }

    static func collect(_ value: JSONValue, scope: String, property: String, into set: inout Set<String>) {
        switch value {
        case .string(let s):
            let iri = expand(s, scope: scope, property: property) ?? s
            if collectedPrefixes.contains(where: { iri.hasPrefix($0) }) { set.insert(iri) }
        case .array(let items):
            for item in items { collect(item, scope: scope, property: property, into: &set) }
        case .object(let members):
            for (key, member) in members where key != "@context" {
                collect(member, scope: property, property: key, into: &set)
            }
        default: break
        }
    }

    static func replace(_ value: JSONValue, expanded: [String]) -> JSONValue {
        switch value {
        case .string(let s):
            let matches = expanded.filter { $0.hasSuffix("-" + s) || $0.hasSuffix("/" + s) }
            return matches.count == 1 ? .string(matches[0]) : value
        case .array(let items): return .array(items.map { replace($0, expanded: expanded) })
        case .object(let members): return .object(members.map { ($0.0, replace($0.1, expanded: expanded)) })
        default: return value
        }
    }
}
