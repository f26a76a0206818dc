extension BarcodeInterpreter {
    /// `]E0` (EAN-13, UPC-A, UPC-E), `]E4` (EAN-8), `]E3` (with a 2- or 5-digit add-on).
    func interpretEANUPC(_ body: Substring, prefix: String, into data: inout ScanData) throws(GS1Failure) {
        var main = body
        if prefix == "]E3" {
            let mainLength: Int? = switch body.count {
            case 15, 18: 13
            case 14, 17: 12
            case 10, 13: 8
            default: nil
            }
            guard let mainLength else {
                throw GS1Failure("EAN/UPC with add-on: \(body.count) characters is not a valid length")
            }
            main = body.prefix(mainLength)
            let addOn = body.dropFirst(mainLength)
            guard addOn.gs1IsAllDigits else { throw GS1Failure("EAN/UPC add-on: digits only expected") }
            data.text = String(addOn)
            data.note = "\(addOn.count)-digit add-on \(addOn)"
        } else if prefix == "]E4" {
            guard body.count == 8 else { throw GS1Failure("EAN-8: 8 digits expected after ]E4, got \(body.count)") }
        } else if ![8, 12, 13].contains(body.count) {
            throw GS1Failure("EAN-13/UPC: 13 digits expected after \(prefix), got \(body.count)")
        }
        let parsed = try RetailBarcode.parse(main, eightDigits: prefix == "]E4" ? .ean8 : .upcE)
        setRetail(parsed, into: &data)
    }

    /// `]E1` / `]E2`: a 2- or 5-digit add-on read on its own.
    func interpretAddOn(_ body: Substring, into data: inout ScanData) throws(GS1Failure) {
        guard body.gs1IsAllDigits, body.count == 2 || body.count == 5 else {
            throw GS1Failure("EAN add-on: 2 or 5 digits expected, got \(GS1Text.show(body))")
        }
        data.text = String(body)
    }

    /// `]I0`, `]I1`, `]I3`: ITF-14 when 14 digits (13 for `]I3`, check digit not sent), else text.
    func interpretITF(_ body: Substring, prefix: String, into data: inout ScanData) throws(GS1Failure) {
        guard body.gs1IsAllDigits else { throw GS1Failure("Interleaved 2 of 5: digits only expected, got \(GS1Text.show(body))") }
        var digits = String(body)
        if prefix == "]I3", digits.count == 13 {
            digits += String(CheckDigit.mod10(digits))
        }
        guard digits.count == 14 else {
            data.text = digits
            return
        }
        setRetail(try RetailBarcode.parse(Substring(digits), eightDigits: .ean8), into: &data)
    }

    func setRetail(_ parsed: RetailBarcode.Parsed, into data: inout ScanData) {
        data.symbology = parsed.symbology
        data.gtin = parsed.gtin
        data.elements = [GS1Element(ai: "01", value: parsed.gtin)]
    }

    /// Plain symbologies (`]C0`, `]Q1`, `]d1`, …): Digital Link URIs, China drug codes, and
    /// GS1 human-readable text when it parses; anything else is accepted as text.
    func interpretPlain(_ body: Substring, into data: inout ScanData) throws(GS1Failure) {
        if GS1DigitalLink.hasWebScheme(body) {
            try interpretWebURI(body, into: &data)
        } else if body.count == 20, body.gs1IsAllDigits {
            setChinaDrugCode(body, into: &data)
        } else if GS1ElementString.looksLikeHumanReadable(body), let elements = try? GS1ElementString.splitHumanReadable(body) {
            var candidate = data
            if (try? apply(elements, into: &candidate, notes: ["GS1 data in human-readable form, not encoded as GS1"])) != nil {
                data = candidate
                return
            }
            data.text = String(body)
        } else {
            data.text = String(body)
        }
    }

    /// A web URI: a GS1 Digital Link if its path has a GS1 key, else plain text.
    func interpretWebURI(_ body: Substring, into data: inout ScanData) throws(GS1Failure) {
        guard let parsed = try GS1DigitalLink.parse(body) else {
            data.text = String(body)
            return
        }
        data.symbology = "GS1 Digital Link"
        data.digitalLink = String(body)
        try apply(parsed.elements, into: &data, notes: parsed.notes)
    }

    func setChinaDrugCode(_ body: Substring, into data: inout ScanData) {
        data.text = String(body)
        data.note = "China drug traceability code (药品追溯码): check not verifiable offline"
    }
}
