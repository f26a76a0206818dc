/// Turns a stored event's JSON (DESIGN.md §3) into one line for people.
enum RecentEventText {
    static func make(seq: Int64, json: [String: Any]) -> StationSnapshot.RecentEvent {
        let kind = json["kind"] as? String ?? "?"
        let device = (json["device"] as? [String: Any])?["id"] as? String ?? ""
        return .init(seq: seq, time: json["time"] as? String ?? "", device: device, kind: kind, text: text(kind: kind, json: json))
    }

    static func text(kind: String, json: [String: Any]) -> String {
        func part(_ key: String) -> [String: Any]? { json[key] as? [String: Any] }
        var out: String
        switch kind {
        case "scan":
            let scan = part("scan") ?? [:]
            var parts: [String] = []
            if let gtin = scan["gtin"] as? String { parts.append("GTIN \(gtin)") }
            if let lot = scan["lot"] as? String { parts.append("lot \(lot)") }
            if let serial = scan["serial"] as? String { parts.append("serial \(serial)") }
            if let expiry = scan["expiry"] as? String { parts.append("expiry \(expiry)") }
            if parts.isEmpty, let epc = scan["epc"] as? String { parts.append(epc) }
            out = parts.isEmpty ? (scan["raw"] as? String ?? "") : parts.joined(separator: ", ")
        case "tag":
            let tag = part("tag") ?? [:]
            out = [tag["type"] as? String, (tag["uid"] as? String).map { "UID \($0)" }, tag["epc"] as? String]
                .compactMap { $0 }.joined(separator: " ")
        case "rejected":
            let r = part("rejected") ?? [:]
            out = "\(r["reason"] as? String ?? "rejected"): \(r["raw"] as? String ?? "")"
        case "sensor":
            out = (part("sensor") ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        default:
            out = ""
        }
        out = String(out.unicodeScalars.map { $0 == "\u{1D}" ? "<GS>" : ($0.value < 0x20 ? "·" : String($0)) }.joined())
        return out.count > 120 ? String(out.prefix(119)) + "…" : out
    }
}
