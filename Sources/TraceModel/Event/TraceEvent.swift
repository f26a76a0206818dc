import Crypto
import Foundation

/// One trace event: the unit that is stored, chained and uploaded (DESIGN.md §3, native schema v1).
public struct TraceEvent: Codable, Sendable, Hashable {
    /// Stable id (`ni:///sha-256;…`): the same read gives the same id across retries and restarts.
    public var eventID: String
    /// Position in the gateway's outbox; assigned by the store (0 before it is stored).
    public var seq: Int64
    /// The gateway (station) name.
    public var gateway: String
    public var kind: EventKind
    /// Wall time of capture.
    public var time: EventTime
    public var clock: ClockInfo
    public var device: DeviceRef
    public var context: StationContext
    public var scan: ScanData?
    /// The tag of a `tag` event (an EPC or NFC read).
    public var tag: TagData?
    public var rejected: RejectedInfo?
    public var deviceState: DeviceStateInfo?
    /// The measurement of a `sensor` event.
    public var sensor: SensorData?
    /// The excursion of an `excursion` event.
    public var excursion: ExcursionInfo?
    /// The command of a `command` event.
    public var command: CommandInfo?
    /// The parent–child record of an `aggregation` event.
    public var aggregation: AggregationInfo?
    /// Hash of the previous event in the chain (hex SHA-256); set by the store.
    public var prevHash: String?
    /// SHA-256 over `prevHash` and this event's canonical bytes (hex); set by the store.
    public var hash: String?

    public init(
        eventID: String, seq: Int64 = 0, gateway: String, kind: EventKind, time: EventTime, clock: ClockInfo,
        device: DeviceRef, context: StationContext, scan: ScanData? = nil, rejected: RejectedInfo? = nil,
        deviceState: DeviceStateInfo? = nil, tag: TagData? = nil, sensor: SensorData? = nil, excursion: ExcursionInfo? = nil
    ) {
        self.sensor = sensor
        self.excursion = excursion
        self.eventID = eventID
        self.seq = seq
        self.gateway = gateway
        self.kind = kind
        self.time = time
        self.clock = clock
        self.device = device
        self.context = context
        self.scan = scan
        self.rejected = rejected
        self.deviceState = deviceState
        self.tag = tag
    }

    /// The stable id of a capture: SHA-256 over what makes it unique (gateway, device, boot, boot time,
    /// kind and raw content) as an RFC 6920 `ni` URI.
    public static func makeID(
        gateway: String, deviceID: String, bootID: String, uptimeNs: UInt64, kind: EventKind, raw: [UInt8]
    ) -> String {
        var h = SHA256()
        for part in [gateway, deviceID, bootID, String(uptimeNs), kind.rawValue] {
            h.update(data: Array(part.utf8))
            h.update(data: [0])
        }
        h.update(data: raw)
        return "ni:///sha-256;" + Base64URL.encode(Array(h.finalize()))
    }

    /// The canonical bytes: the event as sorted-key JSON without `seq`, `prevHash` and `hash`, so that it can
    /// be encoded by the producer before the store assigns its place in the chain. The chain hash covers
    /// `seq` separately (``chainHash(prevHash:seq:canonical:)``).
    public func canonicalBytes() throws -> [UInt8] {
        writeCanonical()
    }

    /// The chain hash of the event at `seq` after `prevHash`:
    /// hex SHA-256 of `prevHash` (hex text) + `"\n"` + `seq` (decimal) + `"\n"` + canonical bytes.
    public static func chainHash(prevHash: String, seq: Int64, canonical: [UInt8]) -> String {
        var h = SHA256()
        h.update(data: Array(prevHash.utf8))
        h.update(data: Array("\n\(seq)\n".utf8))
        h.update(data: canonical)
        return Hex.encode(Array(h.finalize()))
    }

    /// The first link of a chain.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Sorted keys, no escaped slashes, without seq and chain links: the canonical form.
    public static var canonicalEncoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.userInfo[canonicalKey] = true
        return e
    }

    static let canonicalKey = CodingUserInfoKey(rawValue: "edgetrace.canonical")!

    enum CodingKeys: String, CodingKey {
        case eventID, seq, gateway, kind, time, clock, device, context, scan, tag, rejected, deviceState, sensor, excursion, command
        case aggregation, prevHash, hash
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        eventID = try c.decode(String.self, forKey: .eventID)
        seq = try c.decodeIfPresent(Int64.self, forKey: .seq) ?? 0
        gateway = try c.decode(String.self, forKey: .gateway)
        kind = try c.decode(EventKind.self, forKey: .kind)
        time = try c.decode(EventTime.self, forKey: .time)
        clock = try c.decode(ClockInfo.self, forKey: .clock)
        device = try c.decode(DeviceRef.self, forKey: .device)
        context = try c.decode(StationContext.self, forKey: .context)
        scan = try c.decodeIfPresent(ScanData.self, forKey: .scan)
        tag = try c.decodeIfPresent(TagData.self, forKey: .tag)
        rejected = try c.decodeIfPresent(RejectedInfo.self, forKey: .rejected)
        deviceState = try c.decodeIfPresent(DeviceStateInfo.self, forKey: .deviceState)
        sensor = try c.decodeIfPresent(SensorData.self, forKey: .sensor)
        excursion = try c.decodeIfPresent(ExcursionInfo.self, forKey: .excursion)
        command = try c.decodeIfPresent(CommandInfo.self, forKey: .command)
        aggregation = try c.decodeIfPresent(AggregationInfo.self, forKey: .aggregation)
        prevHash = try c.decodeIfPresent(String.self, forKey: .prevHash)
        hash = try c.decodeIfPresent(String.self, forKey: .hash)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let canonical = encoder.userInfo[Self.canonicalKey] as? Bool == true
        try c.encode(eventID, forKey: .eventID)
        if !canonical { try c.encode(seq, forKey: .seq) }
        try c.encode(gateway, forKey: .gateway)
        try c.encode(kind, forKey: .kind)
        try c.encode(time, forKey: .time)
        try c.encode(clock, forKey: .clock)
        try c.encode(device, forKey: .device)
        try c.encode(context, forKey: .context)
        try c.encodeIfPresent(scan, forKey: .scan)
        try c.encodeIfPresent(tag, forKey: .tag)
        try c.encodeIfPresent(rejected, forKey: .rejected)
        try c.encodeIfPresent(deviceState, forKey: .deviceState)
        try c.encodeIfPresent(sensor, forKey: .sensor)
        try c.encodeIfPresent(excursion, forKey: .excursion)
        try c.encodeIfPresent(command, forKey: .command)
        try c.encodeIfPresent(aggregation, forKey: .aggregation)
        if !canonical {
            try c.encodeIfPresent(prevHash, forKey: .prevHash)
            try c.encodeIfPresent(hash, forKey: .hash)
        }
    }
}

/// Base64url without padding (RFC 4648 §5).
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(n >> 18)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            i += 3
        }
        if i < bytes.count {
            let rest = bytes.count - i
            let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out += [alphabet[Int(n >> 18)], alphabet[Int(n >> 12 & 63)]]
            if rest == 2 { out.append(alphabet[Int(n >> 6 & 63)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Lower-case hexadecimal.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
