/// One node of the reference hash generator's "simple python object": a `(name, value, children)`
/// triple, or, inside `bizTransactionList`/`sourceList`/`destinationList`, a pair of two triples.
/// A reference type because the reference algorithm consumes children in place while it walks.
final class EPCISHashNode {
    var name: String
    var value: String
    var children: [EPCISHashNode]
    /// Set for the (type, value) pairs of business transactions, sources and destinations.
    let pair: (EPCISHashNode, EPCISHashNode)?

    init(_ name: String, _ value: String = "", _ children: [EPCISHashNode] = []) {
        self.name = name
        self.value = value
        self.children = children
        self.pair = nil
    }

    init(pair first: EPCISHashNode, _ second: EPCISHashNode) {
        name = ""
        value = ""
        children = []
        pair = (first, second)
    }

    /// Python's tuple ordering of `(name, value, children)`: strings by code point, then children
    /// element by element, a shorter list first when one is a prefix of the other.
    static func precedes(_ a: EPCISHashNode, _ b: EPCISHashNode) -> Bool {
        if a.name != b.name { return codePointPrecedes(a.name, b.name) }
        if a.value != b.value { return codePointPrecedes(a.value, b.value) }
        for (x, y) in zip(a.children, b.children) {
            if precedes(x, y) { return true }
            if precedes(y, x) { return false }
        }
        return a.children.count < b.children.count
    }

    static func codePointPrecedes(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    }
}

extension EPCISHashNode {
    /// `json_to_py._json_to_py`: objects become triples named by their `type` member (the parent
    /// renames them to its key), array elements become siblings, scalars become values as Python's
    /// `str()` writes them; children are sorted unless the object holds a business transaction,
    /// source or destination.
    static func fromJSON(_ json: JSONValue, namespaces: inout [String: String]) -> EPCISHashNode {
        switch json {
        case .array(let items):
            let node = EPCISHashNode("")
            node.children = items.map { fromJSON($0, namespaces: &namespaces) }
            let keepsOrder = items.contains { ["bizTransaction", "source", "destination"].contains($0.stringValue ?? "") }
            if !keepsOrder { node.children.sort(by: precedes) }
            return node
        case .object(let members):
            var node = EPCISHashNode("")
            if let type = json["type"] { node = EPCISHashNode(pythonString(type, namespaces: namespaces)) }
            if let text = json["#text"] { node.value = pythonString(text, namespaces: namespaces) }
            for (key, value) in members where !["#text", "rdfs:comment", "comment"].contains(key) {
                if key.hasPrefix("@xmlns") {
                    namespaces[String(key.dropFirst(7))] = "{" + (value.stringValue ?? "") + "}"
                    node.name = namespaceReplace(node.name, namespaces: namespaces)
                    continue
                }
                let child = fromJSON(value, namespaces: &namespaces)
                let name = namespaceReplace(key, namespaces: namespaces)
                if case .array = value {
                    for element in child.children { node.children.append(EPCISHashNode(name, element.value, element.children)) }
                } else {
                    node.children.append(EPCISHashNode(name, child.value, child.children))
                }
            }
            let keepsOrder = members.contains { ["bizTransaction", "source", "destination"].contains($0.0) }
            if !keepsOrder { node.children.sort(by: precedes) }
            return node
        default:
            return EPCISHashNode("", pythonString(json, namespaces: namespaces))
        }
    }

    /// Python's `str()` of a value `json.loads` produced (ints as digits, floats as `repr`, `True`, `None`).
    static func pythonString(_ json: JSONValue, namespaces: [String: String]) -> String {
        switch json {
        case .string(let s): return namespaceReplace(s, namespaces: namespaces, isValue: true)
        case .number(let n): return PythonNumber.jsonNumberString(n)
        case .bool(let b): return b ? "True" : "False"
        case .null: return "None"
        case .array, .object: return ""
        }
    }

    /// `json_to_py._namespace_replace`: `prefix:rest` with a declared prefix becomes `{iri}rest`
    /// (keys) or `irirest` (values).
    static func namespaceReplace(_ text: String, namespaces: [String: String], isValue: Bool = false) -> String {
        guard let colon = text.firstIndex(of: ":"), let ns = namespaces[String(text[..<colon])] else { return text }
        let rest = text[text.index(after: colon)...]
        if isValue { return ns.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "") + rest }
        return ns + rest
    }
}
