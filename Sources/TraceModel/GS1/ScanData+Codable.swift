import Foundation

/// JSON coding of ``ScanData`` in the shape of DESIGN.md §3.
///
/// Keys: `symbology`, `aim`, `raw`, `gs1` (object, AI → value), `gtin`, `lot`, `serial`, `expiry`,
/// `bestBefore`, `productionDate`, `packDate`, `sellBy`, `sscc`, `gln`, `epc`, `digitalLink`, `text`,
/// `note`; nil fields and an empty `gs1` are omitted.
///
/// Key order: the `gs1` entries are encoded in scan order, but Foundation's `JSONEncoder` does not
/// keep the order of object keys, and `JSONDecoder` does not report it. So decoding restores the
/// scan order of `gs1` from `raw` (re-splitting the scanned data), which makes
/// encode → decode round-trip to an equal value. ``jsonString()`` writes the exact key order.
extension ScanData: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case symbology, aim, raw, gs1, gtin, lot, serial, expiry, bestBefore, productionDate, packDate
        case sellBy, sscc, gln, epc, digitalLink, text, note
    }

    struct AIKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// Encodes in the §3 shape (see the extension's documentation).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(symbology, forKey: .symbology)
        try container.encodeIfPresent(aim, forKey: .aim)
        try container.encode(raw, forKey: .raw)
        if !elements.isEmpty {
            var gs1 = container.nestedContainer(keyedBy: AIKey.self, forKey: .gs1)
            for element in elements {
                try gs1.encode(element.value, forKey: AIKey(stringValue: element.ai))
            }
        }
        for (key, value) in optionalFields where key != .symbology && key != .aim {
            try container.encodeIfPresent(value, forKey: key)
        }
    }

    /// Decodes the §3 shape; `gs1` entries are put back in scan order (see above).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(raw: try container.decode(String.self, forKey: .raw))
        symbology = try container.decodeIfPresent(String.self, forKey: .symbology)
        aim = try container.decodeIfPresent(String.self, forKey: .aim)
        if container.contains(.gs1) {
            let gs1 = try container.nestedContainer(keyedBy: AIKey.self, forKey: .gs1)
            var values: [String: String] = [:]
            for key in gs1.allKeys {
                values[key.stringValue] = try gs1.decode(String.self, forKey: key)
            }
            elements = Self.scanOrder(of: Array(values.keys), raw: raw).map { GS1Element(ai: $0, value: values[$0]!) }
        }
        gtin = try container.decodeIfPresent(String.self, forKey: .gtin)
        lot = try container.decodeIfPresent(String.self, forKey: .lot)
        serial = try container.decodeIfPresent(String.self, forKey: .serial)
        expiry = try container.decodeIfPresent(String.self, forKey: .expiry)
        bestBefore = try container.decodeIfPresent(String.self, forKey: .bestBefore)
        productionDate = try container.decodeIfPresent(String.self, forKey: .productionDate)
        packDate = try container.decodeIfPresent(String.self, forKey: .packDate)
        sellBy = try container.decodeIfPresent(String.self, forKey: .sellBy)
        sscc = try container.decodeIfPresent(String.self, forKey: .sscc)
        gln = try container.decodeIfPresent(String.self, forKey: .gln)
        epc = try container.decodeIfPresent(String.self, forKey: .epc)
        digitalLink = try container.decodeIfPresent(String.self, forKey: .digitalLink)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        note = try container.decodeIfPresent(String.self, forKey: .note)
    }

    /// The optional string fields with their keys, in §3 order.
    var optionalFields: [(CodingKeys, String?)] {
        [
            (.symbology, symbology), (.aim, aim), (.gtin, gtin), (.lot, lot), (.serial, serial),
            (.expiry, expiry), (.bestBefore, bestBefore), (.productionDate, productionDate),
            (.packDate, packDate), (.sellBy, sellBy), (.sscc, sscc), (.gln, gln), (.epc, epc),
            (.digitalLink, digitalLink), (.text, text), (.note, note),
        ]
    }

    /// `ais` ordered as they appear in `raw`; AIs not found there follow in ascending order.
    static func scanOrder(of ais: [String], raw: String) -> [String] {
        let order = BarcodeInterpreter.elementOrder(raw: raw)
        let known = order.filter { ais.contains($0) }
        let rest = ais.filter { !known.contains($0) }.sorted()
        return known + rest
    }
}
