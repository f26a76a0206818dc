import Crypto
import Foundation

/// The EPCIS canonical event hash (`ni:///sha-256;…?ver=CBV2.0`), computed as the reference
/// implementation computes it: the Python package `epcis-event-hash-generator` 1.9.3
/// (github.com/RalphTro/epcis-event-hash-generator, `hash_generator.py`, `json_to_py.py`,
/// `json_xml_model_mismatch_correction.py`, `dl_normaliser.py`). Where its README and code
/// disagree, this follows the code, quirks included (numbers lose leading zeros, bare vocabulary
/// words are replaced document-wide, business transactions keep their member order, times are
/// rounded half-even to milliseconds in UTC).
///
/// A repository that recomputes the hash of a retried event gets the same ID and deduplicates it.
public enum EPCISEventHash {
    /// The pre-hash string of every event of an EPCISDocument (JSON-LD), in document order.
    public static func preHashes(ofDocument document: JSONValue) throws(EPCISHashError) -> [String] {
        let doc = EPCISVocabulary.replacingBareWords(in: document)
        var namespaces: [String: String] = [:]
        if case .array(let contexts)? = doc["@context"] {
            for context in contexts {
                switch context {
                case .string(let url): namespaces[url] = "{" + url + "}"
                case .object(let members):
                    for (prefix, iri) in members { namespaces[prefix] = "{" + (iri.stringValue ?? "") + "}" }
                default: break
                }
            }
        }
        guard let body = doc["epcisBody"] else { throw EPCISHashError("the document has no epcisBody") }
        let events: [JSONValue]
        if let list = body["eventList"] {
            events = list.arrayValue ?? []
        } else if let single = body["event"] {
            events = [single]
        } else {
            throw EPCISHashError("epcisBody has neither eventList nor event")
        }
        return try events.map { (event) throws(EPCISHashError) in
            try preHash(ofEvent: event, namespaces: &namespaces)
        }
    }

    /// The hash of every event of an EPCISDocument, in document order.
    public static func hashes(ofDocument document: JSONValue) throws(EPCISHashError) -> [String] {
        try preHashes(ofDocument: document).map(hash(preHash:))
    }

    /// The hash of one event object as it would appear in a document with the standard EPCIS
    /// context (`@context` of the EPCIS 2.0 JSON-LD context URL only).
    public static func hash(ofEvent event: JSONValue) throws(EPCISHashError) -> String {
        let document = JSONValue.object([
            ("@context", .array([.string(EPCISDocumentConstants.contextURL)])),
            ("epcisBody", .object([("eventList", .array([event]))])),
        ])
        return try hashes(ofDocument: document)[0]
    }

    /// `ni:///sha-256;{hex}?ver=CBV2.0` of a pre-hash string.
    public static func hash(preHash: String) -> String {
        let digest = SHA256.hash(data: Array(preHash.utf8))
        return "ni:///sha-256;" + Hex.encode(Array(digest)) + "?ver=CBV2.0"
    }

    static func preHash(ofEvent event: JSONValue, namespaces: inout [String: String]) throws(EPCISHashError) -> String {
        let node = try EPCISHashNode.fromJSON(event, namespaces: &namespaces).correctStructure()
        var hasher = EPCISPreHasher()
        let ordered = try hasher.ordered(node, EPCISPreHasher.propertyOrder)
        let rest = try hasher.notInOrder(node)
        return "eventType=" + node.name + ordered + rest
    }
}

/// Fixed strings of an EPCIS 2.0 JSON-LD document.
public enum EPCISDocumentConstants {
    /// The EPCIS 2.0 JSON-LD context.
    public static let contextURL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
}
