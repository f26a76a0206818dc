/// The interpretation of one scanned string (the `scan` object of a TraceEvent, DESIGN.md §3).
///
/// JSON form (keys omitted when nil; `gs1` is an object whose keys are the AIs in scan order):
/// `{"symbology":"GS1-128","aim":"]C1","raw":"…","gs1":{"01":"…","17":"…","10":"…"},
/// "gtin":"…","lot":"…","expiry":"2027-05-31","epc":"urn:epc:id:sgtin:…"}`.
/// See `ScanData+Codable.swift` for the encoding rules.
public struct ScanData: Sendable, Hashable {
    /// "GS1-128", "GS1 DataMatrix", "GS1 QR Code", "GS1 DataBar", "GS1 DotCode", "EAN-13", "EAN-8",
    /// "UPC-A", "UPC-E", "ITF-14", "Code 128", "QR Code", "DataMatrix", "GS1 Digital Link", …
    /// (nil when it cannot be told).
    public var symbology: String?
    /// The AIM symbology identifier (`"]C1"` …) when the scanner sent one.
    public var aim: String?
    /// Exactly what was scanned, GS kept as U+001D (AIM prefix included).
    public var raw: String
    /// The GS1 elements in order of appearance (JSON: the `gs1` object).
    public var elements: [GS1Element]
    /// The GTIN as 14 digits (AI 01, or an EAN/UPC/ITF-14 code).
    public var gtin: String?
    /// Batch/lot (AI 10).
    public var lot: String?
    /// Serial number (AI 21).
    public var serial: String?
    /// Expiry date as ISO "2027-05-31" (AI 17; DD = 00 → last day of the month).
    public var expiry: String?
    /// Best-before date, ISO (AI 15).
    public var bestBefore: String?
    /// Production date, ISO (AI 11).
    public var productionDate: String?
    /// Packaging date, ISO (AI 13).
    public var packDate: String?
    /// Sell-by date, ISO (AI 16).
    public var sellBy: String?
    /// SSCC, 18 digits (AI 00).
    public var sscc: String?
    /// GLN of a physical location, 13 digits (AI 414).
    public var gln: String?
    /// EPC pure identity URI ("urn:epc:id:sgtin:…", "urn:epc:id:sscc:…", …) when the company-prefix
    /// length is known.
    public var epc: String?
    /// The URI when the input was a GS1 Digital Link.
    public var digitalLink: String?
    /// Non-GS1 payload (plain Code 128, QR text, China drug traceability code…).
    public var text: String?
    /// A remark for the operator, e.g. about a code that cannot be verified offline.
    public var note: String?

    /// Creates scan data; only `raw` is required.
    public init(
        symbology: String? = nil, aim: String? = nil, raw: String, elements: [GS1Element] = [],
        gtin: String? = nil, lot: String? = nil, serial: String? = nil, expiry: String? = nil,
        bestBefore: String? = nil, productionDate: String? = nil, packDate: String? = nil,
        sellBy: String? = nil, sscc: String? = nil, gln: String? = nil, epc: String? = nil,
        digitalLink: String? = nil, text: String? = nil, note: String? = nil
    ) {
        self.symbology = symbology
        self.aim = aim
        self.raw = raw
        self.elements = elements
        self.gtin = gtin
        self.lot = lot
        self.serial = serial
        self.expiry = expiry
        self.bestBefore = bestBefore
        self.productionDate = productionDate
        self.packDate = packDate
        self.sellBy = sellBy
        self.sscc = sscc
        self.gln = gln
        self.epc = epc
        self.digitalLink = digitalLink
        self.text = text
        self.note = note
    }

    /// The value of the first element with AI `ai`, if any.
    public subscript(ai ai: String) -> String? {
        elements.first { $0.ai == ai }?.value
    }
}

/// Why a scanned string was rejected: a message an operator can act on, e.g.
/// "GTIN check digit: expected 7, got 8".
public struct ScanRejection: Error, Sendable, Hashable, Codable {
    /// What is wrong, and where.
    public var reason: String
    /// Exactly what was scanned (AIM prefix included).
    public var raw: String
    /// The symbology, when known.
    public var symbology: String?
    /// The AIM symbology identifier, when the scanner sent one.
    public var aim: String?

    /// Creates a rejection.
    public init(reason: String, raw: String, symbology: String? = nil, aim: String? = nil) {
        self.reason = reason
        self.raw = raw
        self.symbology = symbology
        self.aim = aim
    }
}

extension ScanRejection: CustomStringConvertible {
    /// The reason.
    public var description: String { reason }
}
