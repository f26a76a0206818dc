/// The GS1 Core Business Vocabulary terms EPCIS 2.0 JSON writes as bare words (`receiving`,
/// `in_progress`), from the EPCIS 2.0 JSON-LD context (``EPCISVocabulary/scopedTerms``).
public enum CBV {
    public static let bizSteps: Set<String> = terms("bizStep")
    public static let dispositions: Set<String> = terms("disposition")

    private static func terms(_ property: String) -> Set<String> {
        Set(EPCISVocabulary.scopedTerms.first { $0.scope.isEmpty && $0.property == property }?.terms ?? [])
    }

    /// The bare word of a CBV business step given as a word, `urn:epcglobal:cbv:bizstep:…` or
    /// `https://ref.gs1.org/cbv/BizStep-…`; nil when it is not a CBV business step.
    public static func bizStep(_ value: String) -> String? {
        bare(value, words: bizSteps, urn: "urn:epcglobal:cbv:bizstep:", web: "https://ref.gs1.org/cbv/BizStep-")
    }

    /// The bare word of a CBV disposition (as ``bizStep(_:)``).
    public static func disposition(_ value: String) -> String? {
        bare(value, words: dispositions, urn: "urn:epcglobal:cbv:disp:", web: "https://ref.gs1.org/cbv/Disp-")
    }

    private static func bare(_ value: String, words: Set<String>, urn: String, web: String) -> String? {
        for prefix in ["", urn, web] where value.hasPrefix(prefix) {
            let word = String(value.dropFirst(prefix.count))
            if words.contains(word) { return word }
        }
        return nil
    }

    /// Whether EPCIS 2.0 accepts `value` as a business step (`isBizStep`) or disposition: a CBV term
    /// in any of its forms, or a URI of one's own (not a CBV namespace).
    public static func isValidEPCIS(_ value: String, isBizStep: Bool) -> Bool {
        if (isBizStep ? bizStep(value) : disposition(value)) != nil { return true }
        return isOwnURI(value)
    }

    /// An absolute URI outside the CBV namespaces (what EPCIS allows for a non-CBV term).
    public static func isOwnURI(_ value: String) -> Bool {
        guard let colon = value.firstIndex(of: ":"), colon != value.startIndex,
              value[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }),
              !value.contains(" ") else { return false }
        return !value.hasPrefix("urn:epcglobal:cbv") && !value.hasPrefix("http://ns.gs1.org/cbv/") && !value.hasPrefix("https://ns.gs1.org/cbv/")
    }
}
