import Crypto

/// Which NFC tags are operator badges, and how a badge becomes the station's operator: pseudonymised with a
/// keyed hash, never the raw UID (GB/T 35273: minimise personal data). A decision value: no I/O (the daemon
/// reads the key from its credential file).
public struct OperatorBadges: Sendable, Hashable {
    /// How a badge is recognised.
    public enum Match: Sendable, Hashable {
        /// Tags whose UID (hex, any case) is in the list.
        case uids(Set<String>)
        /// Tags with an NDEF URI or Text record that starts with the prefix (e.g. `urn:acme:badge:`).
        case ndefPrefix(String)
        /// Every tag read by the devices in ``OperatorBadges/devices`` (a reader that is only for badges).
        case all
    }

    public var match: Match
    /// The readers whose tags may be badges; empty: every NFC reader.
    public var devices: Set<String>
    /// The HMAC-SHA256 key (from the credential file).
    public var key: [UInt8]
    /// Sign the operator off after this long without any event at the station (ns of boot clock; 0: never).
    public var timeoutNs: UInt64

    public init(match: Match, devices: Set<String> = [], key: [UInt8], timeoutNs: UInt64 = 0) {
        self.match = match
        self.devices = devices
        self.key = key
        self.timeoutNs = timeoutNs
    }

    /// Whether a tag read on `device` is a badge.
    public func isBadge(device: String, uid: [UInt8], ndef: [NDEFRecordData]?) -> Bool {
        if !devices.isEmpty && !devices.contains(device) { return false }
        switch match {
        case .all:
            return true
        case .uids(let list):
            let hex = Hex.encode(uid)
            return list.contains { $0.lowercased() == hex }
        case .ndefPrefix(let prefix):
            return (ndef ?? []).contains { ($0.uri ?? $0.text ?? "").hasPrefix(prefix) }
        }
    }

    /// The operator's pseudonym: `op-` + the first 16 bytes (hex) of HMAC-SHA256(key, UID). Stable for one key,
    /// unlinkable to the UID without it.
    public func pseudonym(uid: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: uid, using: SymmetricKey(data: key))
        return "op-" + Hex.encode(Array(Array(mac).prefix(16)))
    }
}
