import Foundation

extension EPCURI {
    /// The GS1 keys an EPC pure identity URI stands for (GS1 EPC Tag Data Standard §6.3): `urn:epc:id:sgtin:`
    /// CompanyPrefix.IndicatorItemRef.Serial → GTIN-14 and serial; `urn:epc:id:sscc:` CompanyPrefix.ExtSerialRef
    /// → SSCC-18. Nil for other schemes or a URI that does not have their shape.
    public static func keys(of uri: String) -> (gtin: String?, serial: String?, sscc: String?)? {
        if uri.hasPrefix("urn:epc:id:sgtin:") {
            let parts = uri.dropFirst("urn:epc:id:sgtin:".count).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].gs1IsAllDigits, parts[1].gs1IsAllDigits, !parts[1].isEmpty, !parts[2].isEmpty,
                  parts[0].count + parts[1].count == 13 else { return nil }
            let body = String(parts[1].prefix(1)) + parts[0] + parts[1].dropFirst()
            let serial = String(parts[2]).removingPercentEncoding ?? String(parts[2])
            return (body + String(CheckDigit.mod10(body)), serial, nil)
        }
        if uri.hasPrefix("urn:epc:id:sscc:") {
            let parts = uri.dropFirst("urn:epc:id:sscc:".count).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].gs1IsAllDigits, parts[1].gs1IsAllDigits, !parts[1].isEmpty,
                  parts[0].count + parts[1].count == 17 else { return nil }
            let body = String(parts[1].prefix(1)) + parts[0] + parts[1].dropFirst()
            return (nil, nil, body + String(CheckDigit.mod10(body)))
        }
        return nil
    }
}
