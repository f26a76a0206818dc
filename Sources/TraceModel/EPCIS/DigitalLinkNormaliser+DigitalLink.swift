import Foundation

extension DigitalLinkNormaliser {
    /// The Digital Link half of `normaliser`: drop the query, long key names to AIs, the canonical
    /// host, GTINs padded to 14 digits, no CPV, serial rather than lot; then the output syntax check.
    static func normaliseDigitalLink(_ input: String) -> String? {
        var uri = input
        if let q = uri.firstIndex(of: "?") { uri = String(uri[..<q]) }
        for (long, ai) in [("gtin", "01"), ("itip", "8006"), ("cpid", "8010"), ("gln", "414"), ("party", "417"),
                           ("gsrnp", "8017"), ("gsrn", "8018"), ("gcn", "255"), ("sscc", "00"), ("gdti", "253"),
                           ("ginc", "401"), ("gsin", "402"), ("grai", "8003"), ("giai", "8004"), ("cpv", "22"),
                           ("lot", "10"), ("ser", "21")] {
            uri = uri.replacingOccurrences(of: "/\(long)/", with: "/\(ai)/")
        }
        func m(_ name: String) -> Bool { uri.prefixMatch(of: patterns[name]!) != nil }
        if !m("canonicalHost") {
            for key in ["/00/", "/01/", "/253/", "/255/", "/401/", "/402/", "/414/", "/417/", "/8003/", "/8004/",
                        "/8006/", "/8010/", "/8017/", "/8018/"] {
                let at = PyText(uri).find(key)
                if at != -1 { uri = "https://id.gs1.org" + PyText(uri).slice(at, nil); break }
            }
        }
        if !m("gtin14") {
            if m("gtin13") {
                uri = uri.replacingOccurrences(of: "/01/", with: "/01/0")
            } else if m("gtin12") {
                uri = uri.replacingOccurrences(of: "/01/", with: "/01/00")
            } else if m("gtin8") {
                uri = uri.replacingOccurrences(of: "/01/", with: "/01/000000")
            }
        }
        let x = PyText(PyText(uri).slice(PyText(uri).find("/22/") + 4, nil))
        if m("cpv8006") || m("cpv01") {
            uri = PyText(uri).slice(nil, PyText(uri).find("/22/")) + x.slice(x.find("/"), -1)
        }
        if m("cpvMore8006") || m("cpvMore01") {
            uri = PyText(uri).slice(nil, PyText(uri).find("/22/")) + x.slice(x.find("/"), nil)
        }
        if m("lotSerial8006") || m("lotSerial01") {
            let y = PyText(PyText(uri).slice(PyText(uri).find("/10/") + 4, nil))
            uri = PyText(uri).slice(nil, PyText(uri).find("/10/")) + y.slice(y.find("/"), nil)
        }
        return validOutputs.contains(where: { m($0) }) ? uri : nil
    }
}

/// A string indexed by code points with Python's `find` and slice semantics (negative indices
/// count from the end, ranges are clamped).
struct PyText {
    let scalars: [Unicode.Scalar]
    init(_ s: String) { scalars = Array(s.unicodeScalars) }

    func find(_ needle: String) -> Int {
        let n = Array(needle.unicodeScalars)
        guard n.count <= scalars.count else { return -1 }
        for i in 0...(scalars.count - n.count) where Array(scalars[i..<i + n.count]) == n { return i }
        return -1
    }

    func slice(_ start: Int?, _ end: Int?) -> String {
        func norm(_ i: Int?, _ dflt: Int) -> Int {
            guard let i else { return dflt }
            let v = i < 0 ? i + scalars.count : i
            return max(0, min(v, scalars.count))
        }
        let lo = norm(start, 0), hi = norm(end, scalars.count)
        guard lo < hi else { return "" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[lo..<hi])
        return String(out)
    }
}
