import Foundation

/// Turns one scanned string into ``ScanData`` or a ``ScanRejection`` with an actionable reason.
///
/// Handles AIM symbology identifiers, GS1 element strings (FNC1 sent as GS), their human-readable
/// form `(01)…(10)…`, GS1 Digital Link URIs, EAN-8/13, UPC-A/E, ITF-14, China drug traceability
/// codes and plain text. GS1 values are checked against the GS1 syntax dictionary (lengths,
/// character sets, check digits, dates, code lists, invalid pairings). Pure: no I/O, no clock.
public struct BarcodeInterpreter: Sendable {
    /// Company-prefix lengths for EPC URIs.
    public var prefixes: CompanyPrefixTable
    /// "Today", for the century of two-digit years (within −49…+50 years of it).
    public var referenceDate: Date
    /// What to do when an AI lacks a mandatory partner (the dictionary's `req=`).
    public var associations: AssociationPolicy

    /// Handling of mandatory AI associations (e.g. AI 10 needs AI 01, 02, 03, 8006 or 8026).
    ///
    /// GS1 says they should be judged over all carriers on an item, and labels often split data over
    /// several barcodes (GTIN in one, expiry and lot in another), so the default only notes them.
    public enum AssociationPolicy: Sendable, Hashable {
        /// Reject the scan.
        case reject
        /// Accept, and say so in ``ScanData/note``.
        case note
        /// Accept silently.
        case ignore
    }

    /// Creates an interpreter; `referenceDate` is "today" for the two-digit-year window.
    public init(prefixes: CompanyPrefixTable = .default, referenceDate: Date) {
        self.init(prefixes: prefixes, referenceDate: referenceDate, associations: .note)
    }

    /// Creates an interpreter with an explicit ``AssociationPolicy``.
    public init(prefixes: CompanyPrefixTable = .default, referenceDate: Date, associations: AssociationPolicy) {
        self.prefixes = prefixes
        self.referenceDate = referenceDate
        self.associations = associations
    }

    /// Interprets `raw` (exactly as scanned: AIM prefix included, FNC1 as U+001D). A trailing CR/LF
    /// is ignored for interpretation but kept in `raw`.
    public func interpret(_ raw: String) -> Result<ScanData, ScanRejection> {
        let identifier = AIMSymbologyIdentifier(leading: raw)
        var data = ScanData(symbology: identifier?.symbology, aim: identifier?.prefix, raw: raw)
        var body = Substring(raw).dropFirst(identifier == nil ? 0 : 3)
        while let last = body.last, last == "\r" || last == "\n" || last == "\r\n" { body.removeLast() }
        do throws(GS1Failure) {
            guard !body.isEmpty else {
                throw GS1Failure(identifier.map { "no data after the symbology identifier \($0.prefix)" } ?? "empty scan")
            }
            switch identifier?.content {
            case .gs1?: try interpretGS1(body, identifier: identifier!, into: &data)
            case .eanUPC?: try interpretEANUPC(body, prefix: identifier!.prefix, into: &data)
            case .addOn?: try interpretAddOn(body, into: &data)
            case .interleaved2of5?: try interpretITF(body, prefix: identifier!.prefix, into: &data)
            case .plain?: try interpretPlain(body, into: &data)
            case nil: try interpretUnidentified(body, into: &data)
            }
            return .success(data)
        } catch {
            return .failure(ScanRejection(reason: error.reason, raw: raw, symbology: data.symbology, aim: data.aim))
        }
    }

    var referenceYear: Int { GS1Date.year(of: referenceDate) }

    /// Data announced as GS1 by its symbology identifier (`]C1`, `]e0`, `]d2`, `]Q3`, `]J1`).
    private func interpretGS1(_ body: Substring, identifier: AIMSymbologyIdentifier, into data: inout ScanData) throws(GS1Failure) {
        var elementString = body
        if elementString.first == GS1ElementString.groupSeparator { elementString.removeFirst() }
        if GS1DigitalLink.hasWebScheme(elementString) {
            throw GS1Failure("\(identifier.prefix) announces a GS1 element string, but the data is a URI")
        }
        try apply(GS1ElementString.split(elementString), into: &data)
    }

    /// Validates `raw` elements and fills `data` (elements, key fields, dates, EPC, notes).
    func apply(_ raw: [GS1RawElement], into data: inout ScanData, notes: [String] = []) throws(GS1Failure) {
        let year = referenceYear
        for element in raw {
            try GS1ElementValidator.validate(ai: element.ai, value: element.value, referenceYear: year)
        }
        let elements = try GS1AssociationValidator.deduplicate(raw.map { GS1Element(ai: $0.ai, value: $0.value) })
        try GS1AssociationValidator.checkExclusions(elements)
        var remarks = notes
        let unmet = GS1AssociationValidator.unmetRequirements(elements)
        switch associations {
        case .reject: if let first = unmet.first { throw GS1Failure(first) }
        case .note: remarks += unmet.map { $0 + " (may be on another barcode of the item)" }
        case .ignore: break
        }
        data.elements = elements
        fillKeyFields(from: elements, into: &data, referenceYear: year)
        data.epc = EPCURI.identify(elements, prefixes: prefixes)
        data.note = remarks.isEmpty ? data.note : remarks.joined(separator: "; ")
    }

    private func fillKeyFields(from elements: [GS1Element], into data: inout ScanData, referenceYear year: Int) {
        let value = { (ai: String) in elements.first { $0.ai == ai }?.value }
        let date = { (ai: String) in value(ai).flatMap { GS1Date.isoDate(yymmdd: $0, referenceYear: year) } }
        data.gtin = value("01")
        data.lot = value("10")
        data.serial = value("21")
        data.expiry = date("17")
        data.bestBefore = date("15")
        data.productionDate = date("11")
        data.packDate = date("13")
        data.sellBy = date("16")
        data.sscc = value("00")
        data.gln = value("414")
    }
}
