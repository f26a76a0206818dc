extension BarcodeInterpreter {
    /// Data without a symbology identifier: decided by its form.
    ///
    /// - a GS anywhere (FNC1) → GS1 element string;
    /// - `http(s)://` → GS1 Digital Link when its path has a GS1 key, else text;
    /// - `(NN)…` → GS1 human-readable form;
    /// - 8, 12, 13, 14 digits → EAN-8/UPC-E, UPC-A, EAN-13, ITF-14 (check digit enforced);
    /// - 20 digits → SSCC element string `00…` when its check digit fits, else China drug code;
    /// - `01` + 14 digits… or `00` + 18 digits… → GS1 element string (GS1-128 read without AIM);
    /// - another GS1 key AI (414, 8004, 253…) that parses as valid GS1 → GS1; anything else → text.
    func interpretUnidentified(_ body: Substring, into data: inout ScanData) throws(GS1Failure) {
        let separator = GS1ElementString.groupSeparator
        if body.contains(separator) {
            let elementString = body.first == separator ? body.dropFirst() : body
            return try apply(GS1ElementString.split(elementString), into: &data)
        }
        if GS1DigitalLink.hasWebScheme(body) { return try interpretWebURI(body, into: &data) }
        if GS1ElementString.looksLikeHumanReadable(body) {
            return try apply(GS1ElementString.splitHumanReadable(body), into: &data)
        }
        if body.gs1IsAllDigits {
            switch body.count {
            case 8: return setRetail(try RetailBarcode.parse(body, eightDigits: .either), into: &data)
            case 12, 13, 14: return setRetail(try RetailBarcode.parse(body, eightDigits: .ean8), into: &data)
            case 20:
                if body.hasPrefix("00"), CheckDigit.isValid(body.dropFirst(2)) {
                    return try apply(GS1ElementString.split(body), into: &data)
                }
                return setChinaDrugCode(body, into: &data)
            default: break
            }
        }
        if (body.hasPrefix("01") && body.count >= 16 && body.prefix(16).gs1IsAllDigits)
            || (body.hasPrefix("00") && body.count >= 20 && body.prefix(20).gs1IsAllDigits) {
            return try apply(GS1ElementString.split(body), into: &data)
        }
        if GS1Dictionary.match(prefixOf: body)?.isDigitalLinkPrimaryKey == true,
           let elements = try? GS1ElementString.split(body) {
            var candidate = data
            if (try? apply(elements, into: &candidate)) != nil {
                data = candidate
                return
            }
        }
        data.text = String(body)
    }

    /// The AIs of `raw` in scan order, found without validation (used to restore the order of the
    /// `gs1` JSON object on decoding). Empty when `raw` holds no GS1 data.
    static func elementOrder(raw: String) -> [String] {
        let identifier = AIMSymbologyIdentifier(leading: raw)
        var body = Substring(raw).dropFirst(identifier == nil ? 0 : 3)
        while let last = body.last, last == "\r" || last == "\n" || last == "\r\n" { body.removeLast() }
        if body.first == GS1ElementString.groupSeparator { body.removeFirst() }
        if GS1DigitalLink.hasWebScheme(body) {
            return ((try? GS1DigitalLink.parse(body)) ?? nil)?.elements.map(\.ai) ?? []
        }
        if GS1ElementString.looksLikeHumanReadable(body) {
            return (try? GS1ElementString.splitHumanReadable(body))?.map(\.ai) ?? []
        }
        if [.eanUPC, .interleaved2of5].contains(identifier?.content) || (identifier == nil && [8, 12, 13, 14].contains(body.count)) {
            return ["01"]
        }
        return (try? GS1ElementString.split(body))?.map(\.ai) ?? []
    }
}
