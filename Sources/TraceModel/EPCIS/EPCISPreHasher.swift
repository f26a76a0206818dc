import Foundation

/// `hash_generator.py` of the reference: walks an event in the canonical property order, consuming
/// what it writes, then appends what is left (extensions) in sorted generic form.
struct EPCISPreHasher {
    /// One entry of the reference's `PROP_ORDER`.
    struct Entry {
        let name: String
        let sub: [Entry]?
        init(_ name: String, _ sub: [Entry]? = nil) { self.name = name; self.sub = sub }
    }

    /// The reference's pair order for business transactions, sources and destinations is a tuple that
    /// never equals a child's name, so those lists are never consumed in order: this name matches nothing.
    static let unmatchable = [Entry("\u{0}pair")]

    static let quantityElement = [Entry("quantityElement", [Entry("epcClass"), Entry("quantity"), Entry("uom")])]

    static let propertyOrder: [Entry] = [
        Entry("eventTime"), Entry("eventTimeZoneOffset"), Entry("certificationInfo"), Entry("parentID"),
        Entry("epcList", [Entry("epc")]), Entry("inputEPCList", [Entry("epc")]), Entry("childEPCs", [Entry("epc")]),
        Entry("quantityList", quantityElement), Entry("childQuantityList", quantityElement),
        Entry("inputQuantityList", quantityElement), Entry("outputEPCList", [Entry("epc")]),
        Entry("outputQuantityList", quantityElement),
        Entry("action"), Entry("transformationID"), Entry("bizStep"), Entry("disposition"),
        Entry("persistentDisposition", [Entry("set"), Entry("unset")]),
        Entry("readPoint", [Entry("id")]), Entry("bizLocation", [Entry("id")]),
        Entry("bizTransactionList", unmatchable), Entry("sourceList", unmatchable), Entry("destinationList", unmatchable),
        Entry("sensorElementList", [Entry("sensorElement", [
            Entry("sensorMetadata", ["time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData",
                                     "dataProcessingMethod", "bizRules"].map { Entry($0) }),
            Entry("sensorReport", ["type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod",
                                   "time", "microorganism", "chemicalSubstance", "value", "component", "stringValue",
                                   "booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue",
                                   "sDev", "percRank", "percValue", "uom", "coordinateReferenceSystem"].map { Entry($0) }),
        ])]),
    ]

    static let ignored: Set<String> = ["recordTime", "eventID", "type", "errorDeclaration"]

    /// `_recurse_through_children_in_order`.
    mutating func ordered(_ owner: EPCISHashNode, _ order: [Entry]) throws(EPCISHashError) -> String {
        var preHash = ""
        let extensions = userExtensions(of: owner)
        for entry in order {
            let matches = owner.children.filter { $0.pair == nil && $0.name == entry.name }
            var values: [String] = []
            for child in matches {
                let text = try childPreHash(child, entry.sub)
                if !text.isEmpty { values.append(text) }
                if child.children.isEmpty, let i = owner.children.firstIndex(where: { $0 === child }) {
                    owner.children.remove(at: i)
                }
            }
            values.sort(by: EPCISHashNode.codePointPrecedes)
            if !values.joined().isEmpty {
                if !preHash.isEmpty { values.insert(preHash, at: 0) }
                preHash = values.joined()
            }
        }
        if !extensions.isEmpty { preHash += try generic(extensions) }
        return preHash
    }

    /// `_child_to_pre_hash_string`.
    private mutating func childPreHash(_ child: EPCISHashNode, _ sub: [Entry]?) throws(EPCISHashError) -> String {
        var grand = ""
        if let sub, !sub.isEmpty { grand = try ordered(child, sub) }
        var text = ""
        if !child.value.isEmpty {
            text = Self.strip(child.value)
            let lower = child.name.lowercased()
            if lower.contains("time") && !lower.contains("offset") {
                text = try EPCISValueCanonicaliser.timestamp(text)
            } else {
                text = try EPCISValueCanonicaliser.canonical(text)
            }
            if !text.isEmpty { text = "=" + text }
        }
        if !text.isEmpty || !grand.isEmpty { return child.name + text + grand }
        return ""
    }

    /// `_gather_user_extensions`: namespaced children (`{iri/}name`) of a nested element, taken out
    /// to be appended after its ordered part; none at event level.
    private func userExtensions(of owner: EPCISHashNode) -> [EPCISHashNode] {
        guard owner.children.count > 1 else { return [] }
        if owner.children.contains(where: { $0.pair == nil && ($0.name.contains("eventTime") || $0.name.contains("action")) }) {
            return []
        }
        let found = owner.children.filter { $0.pair == nil && $0.name.contains("{") && $0.name.contains("/}") }
        owner.children.removeAll { n in found.contains { $0 === n } }
        return found
    }

    /// `_gather_elements_not_in_order`.
    func notInOrder(_ event: EPCISHashNode) throws(EPCISHashError) -> String {
        let rest = event.children.filter { $0.pair != nil || !Self.ignored.contains($0.name) }
        return rest.isEmpty ? "" : try generic(rest)
    }

    /// `_generic_child_list_to_prehash_string`.
    func generic(_ children: [EPCISHashNode]) throws(EPCISHashError) -> String {
        var values: [String] = []
        for child in children {
            if let (a, b) = child.pair {
                values.append(try generic([a, b]))
                continue
            }
            var text = Self.strip(child.value)
            if !text.isEmpty { text = "=" + (try EPCISValueCanonicaliser.canonical(text)) }
            values.append(child.name + text + (try generic(child.children)))
        }
        let keepOrder = children.contains { $0.pair == nil && ["bizTransaction", "source", "destination"].contains($0.name) }
        if children.count > 1 && !keepOrder { values.sort(by: EPCISHashNode.codePointPrecedes) }
        return values.joined()
    }

    /// Python's `str.strip()`: white space at both ends.
    static func strip(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
