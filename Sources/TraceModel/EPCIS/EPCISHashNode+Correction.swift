extension EPCISHashNode {
    private static let pairedLists: Set<String> = ["sourceList", "destinationList", "bizTransactionList"]

    /// `json_xml_model_mismatch_correction.deep_structure_correction`: siblings named `…List` are
    /// gathered under one list node whose elements are renamed to the singular (business transactions,
    /// sources and destinations become pairs of their first two members); `childEPCs` siblings become
    /// `epc` elements of one `childEPCs` node; then the XML element names are restored
    /// (`inputEPC` → `epc`, `quantity` with children → `quantityElement`, …).
    func correctStructure() throws(EPCISHashError) -> EPCISHashNode {
        var level = children
        var listOrder: [String] = []
        var lists: [String: [EPCISHashNode]] = [:]
        for element in level where element.pair == nil && element.name.hasSuffix("List") {
            if lists[element.name] == nil { listOrder.append(element.name); lists[element.name] = [] }
            lists[element.name]!.append(EPCISHashNode(String(element.name.dropLast(4)), element.value, element.children))
        }
        level.removeAll { $0.pair == nil && $0.name.hasSuffix("List") }
        for name in listOrder {
            let elements = lists[name]!
            if Self.pairedLists.contains(name) {
                var pairs: [EPCISHashNode] = []
                for e in elements {
                    guard e.children.count >= 2 else {
                        throw EPCISHashError("a \(name) entry needs two members (type and value); the reference cannot hash the event")
                    }
                    pairs.append(EPCISHashNode(pair: e.children[0], e.children[1]))
                }
                level.append(EPCISHashNode(name, "", pairs))
            } else {
                level.append(EPCISHashNode(name, "", elements))
            }
        }
        let childEPCs = level.filter { $0.pair == nil && $0.name == "childEPCs" }.map { EPCISHashNode("epc", $0.value) }
        level.removeAll { $0.pair == nil && $0.name == "childEPCs" }
        if !childEPCs.isEmpty { level.append(EPCISHashNode("childEPCs", "", childEPCs)) }

        var corrected: [EPCISHashNode] = []
        for element in level {
            if element.pair != nil || Self.pairedLists.contains(element.name) {
                corrected.append(element)
            } else {
                corrected.append(try element.correctStructure())
            }
        }
        return EPCISHashNode(Self.xmlName(name, hasChildren: !corrected.isEmpty), value, corrected)
    }

    private static func xmlName(_ name: String, hasChildren: Bool) -> String {
        switch name {
        case "inputEPC", "outputEPC": return "epc"
        case "inputQuantity", "outputQuantity", "childQuantity": return "quantityElement"
        case "quantity" where hasChildren: return "quantityElement"
        default: return name
        }
    }
}

/// Why an event cannot be hashed the way the reference hashes it.
public struct EPCISHashError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
