/// An operator command scanned from a configured command barcode (kind `command`): it changes the
/// station context of the following events and is recorded (who: `context.operator`, when: `time`),
/// never uploaded as a product event.
///
/// JSON: `{"code":"CMD:QC-PASS","action":"disposition","value":"conformant"}`.
public struct CommandInfo: Codable, Sendable, Hashable {
    /// The command barcode's text as scanned.
    public var code: String
    /// What it does: `biz_step`, `disposition`, `work_order`, `mode`, `close`, `cancel`.
    public var action: String
    /// The new value (a CBV word, a work order, `pack`/`unpack`/`off`); nil for close and cancel.
    public var value: String?
    /// What came of it when it did nothing (e.g. close with no open aggregation).
    public var note: String?

    public init(code: String, action: String, value: String? = nil, note: String? = nil) {
        self.code = code
        self.action = action
        self.value = value
        self.note = note
    }
}

/// A parent–child packing record (kind `aggregation`): the children scanned into a parent (an SSCC),
/// or a parent unpacked. Becomes an EPCIS AggregationEvent.
///
/// JSON: `{"action":"ADD","parentID":"urn:epc:id:sscc:…","childEPCs":["urn:epc:id:sgtin:…"],
/// "childQuantities":[{"epcClass":"urn:epc:class:lgtin:…","quantity":2}],"closedBy":"parent"}`.
public struct AggregationInfo: Codable, Sendable, Hashable {
    /// One lot-level child line.
    public struct Quantity: Codable, Sendable, Hashable {
        public var epcClass: String
        public var quantity: Int
        public init(epcClass: String, quantity: Int) {
            self.epcClass = epcClass
            self.quantity = quantity
        }
    }

    /// `ADD` (packing) or `DELETE` (unpacking).
    public var action: String
    /// The parent's EPC URI (or Digital Link URI when the company-prefix length is unknown).
    public var parentID: String
    /// Serialised children, in scan order, each once.
    public var childEPCs: [String]
    /// Lot-level or GTIN-level children, counted per class.
    public var childQuantities: [Quantity]
    /// `parent` (the parent scan closed it), `close` (a close command), `timeout`, `unpack`.
    public var closedBy: String

    public init(action: String, parentID: String, childEPCs: [String] = [], childQuantities: [Quantity] = [], closedBy: String) {
        self.action = action
        self.parentID = parentID
        self.childEPCs = childEPCs
        self.childQuantities = childQuantities
        self.closedBy = closedBy
    }
}
