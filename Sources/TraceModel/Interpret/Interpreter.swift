import Foundation

/// Turns readings into trace events: interprets codes, attaches station context, drops duplicates
/// (DESIGN.md §1, step 2). Pure: no I/O, time comes from the reading.
public struct Interpreter: Sendable {
    /// What became of a reading.
    public enum Outcome: Sendable {
        /// An event to store (kind `rejected` when the input did not parse).
        case event(TraceEvent)
        /// A duplicate inside the dedup window: dropped and counted.
        case duplicate
        /// An operator badge was tapped: the station's operator is now this pseudonym (nil: signed off).
        /// No event is stored for the tap; the following events carry the operator.
        case operatorChanged(String?)
    }

    public var gateway: String
    public var context: StationContext
    public var prefixes: CompanyPrefixTable
    /// Whether codes that carry no GS1 data (plain Code 128 text, drug codes) are kept as scans.
    public var acceptNonGS1: Bool
    /// Whether a read of exactly 24 hex characters with the header of SGTIN-96, SSCC-96 or SGLN-96
    /// becomes a `tag` event with the decoded EPC (see ``interpret(_:)``).
    public var decodeEPCHex: Bool
    /// Operator badges (NFC); nil: every tag is a product tag.
    public var badges: OperatorBadges?
    /// The operator signed in by badge, and the boot time (ns) of the last event since.
    private var badgeSession: (pseudonym: String, lastNs: UInt64)?
    private let configuredOperator: String?
    /// Command barcodes by code (exact matches) and the prefix ones (see ``process(_:)``).
    public var commands: [StationCommand] = []
    /// Packing mode; command barcodes can switch it.
    public var mode: PackingMode = .off
    /// An open aggregation with a parent closes when the next read comes this long after the last
    /// activity (0 = never by time).
    public var aggregationTimeoutNs: UInt64 = 0
    /// The open aggregation, if any.
    var session: AggregationSession?
    /// Set by ``process(_:)`` when the reading was an operator badge (see ``takeOperatorChange()``).
    var operatorChange: String?? = nil
    private var dedup: [String: DedupWindow] = [:]
    private let defaultWindowNs: UInt64
    private let windowOverrides: [String: UInt64]

    public init(
        gateway: String, context: StationContext, prefixes: CompanyPrefixTable = .default,
        acceptNonGS1: Bool = true, decodeEPCHex: Bool = true, dedupWindowNs: UInt64,
        dedupWindowOverrides: [String: UInt64] = [:]
    ) {
        self.decodeEPCHex = decodeEPCHex
        self.configuredOperator = context.operator
        self.gateway = gateway
        self.context = context
        self.prefixes = prefixes
        self.acceptNonGS1 = acceptNonGS1
        self.defaultWindowNs = dedupWindowNs
        self.windowOverrides = dedupWindowOverrides
    }

    /// Reads dropped as duplicates, per device id.
    public var duplicatesDropped: [String: UInt64] { dedup.mapValues(\.dropped) }

    /// Interprets one reading.
    ///
    /// EPC hex reads: many UHF RFID readers act as keyboards or serial ports and deliver a tag's
    /// EPC as 24 hex characters. A barcode reading that is exactly that (either case; with no
    /// AIM identifier, or one that announces plain data such as `]C0`), whose header is 0x30
    /// (SGTIN-96), 0x31 (SSCC-96) or 0x32 (SGLN-96), becomes an event of kind `tag` with the
    /// decoded ``TagData`` (pure identity URI, filter, GS1 keys); one that has such a header but
    /// does not decode (partition 7, a field too large) becomes `rejected` with the reason. Any
    /// other text (another header, other lengths) is interpreted as a barcode. A GS1 AIM identifier
    /// (`]C1`, `]d2` …) always means GS1 data, and unbracketed digits are read as GS1 only when they
    /// start with a key AI (00, 01, 414 …), never 30, 31 or 32: no GS1 code is taken for an EPC.
    public mutating func interpret(_ reading: Reading) -> Outcome {
        let raw = reading.rawBytes
        if case .barcode = reading.payload {
            let id = reading.device.id
            var window = dedup[id] ?? DedupWindow(windowNs: windowOverrides[id] ?? defaultWindowNs)
            let fresh = window.admit(device: id, code: raw, atNs: reading.stamp.clock.uptimeNs)
            dedup[id] = window
            if !fresh { return .duplicate }
        }
        let now = reading.stamp.clock.uptimeNs
        if let session = badgeSession, let badges, badges.timeoutNs > 0, now > session.lastNs, now - session.lastNs >= badges.timeoutNs {
            signOff()
        }
        if case .nfcTag(let read) = reading.payload, let change = badgeTap(read, device: reading.device.id, at: now) {
            return change
        }
        if let session = badgeSession { badgeSession = (session.pseudonym, now) }
        var event = TraceEvent(
            eventID: TraceEvent.makeID(
                gateway: gateway, deviceID: reading.device.id, bootID: reading.stamp.clock.bootID,
                uptimeNs: reading.stamp.clock.uptimeNs, kind: .scan, raw: raw),
            gateway: gateway, kind: .scan, time: reading.stamp.time, clock: reading.stamp.clock,
            device: reading.device, context: context)
        switch reading.payload {
        case .barcode(let bytes, let symbology):
            interpretBarcode(bytes, symbology: symbology, at: reading.stamp.time, into: &event)
        case .malformed(let bytes, let reason):
            event.kind = .rejected
            event.rejected = RejectedInfo(reason: reason, raw: RawText.escape(bytes))
        case .deviceState(let state):
            event.kind = .device
            event.deviceState = state
        case .nfcTag(let read):
            interpretNFC(read, at: reading.stamp.time, into: &event)
        case .sensor(let sensor):
            event.kind = .sensor
            event.sensor = sensor
        case .excursion(let excursion):
            event.kind = .excursion
            event.excursion = excursion
        }
        return .event(event)
    }

    /// Tells the interpreter that `reading` was not captured (the store refused it): a repeated scan of the
    /// same code inside the dedup window is then a new read, not a duplicate of a read nobody kept (a
    /// scanner would otherwise beep ACK for it and the read would be lost).
    public mutating func notCaptured(_ reading: Reading) {
        guard case .barcode = reading.payload else { return }
        dedup[reading.device.id]?.forget(device: reading.device.id, code: reading.rawBytes, admittedAtNs: reading.stamp.clock.uptimeNs)
    }

    /// A badge tap signs its operator in, or off when the same operator is signed in; nil for a product tag.
    private mutating func badgeTap(_ read: NFCTagRead, device: String, at now: UInt64) -> Outcome? {
        guard let badges else { return nil }
        let ndef = read.memory.flatMap { try? NFCType2Memory.ndefRecords(memory: $0, type: read.version.flatMap { NFCTagType(version: $0) }) } ?? nil
        guard badges.isBadge(device: device, uid: read.uid, ndef: ndef) else { return nil }
        let pseudonym = badges.pseudonym(uid: read.uid)
        if badgeSession?.pseudonym == pseudonym {
            signOff()
            return .operatorChanged(nil)
        }
        badgeSession = (pseudonym, now)
        context.operator = pseudonym
        return .operatorChanged(pseudonym)
    }

    private mutating func signOff() {
        badgeSession = nil
        context.operator = configuredOperator
    }

    private func interpretBarcode(_ bytes: [UInt8], symbology: String?, at time: EventTime, into event: inout TraceEvent) {
        guard let text = RawText.decode(bytes) else {
            event.kind = .rejected
            event.rejected = RejectedInfo(
                reason: "not a barcode: the input contains bytes that are not text (check the scanner's baud rate, parity and data bits)",
                raw: RawText.escape(bytes), symbology: symbology)
            return
        }
        if decodeEPCHex, let (hex, aim) = Self.epcHexBody(text) {
            switch EPCBinary.decode(hex: hex) {
            case .success(let tag)?:
                event.kind = .tag
                event.tag = tag
                return
            case .failure(let error)?:
                event.kind = .rejected
                event.rejected = RejectedInfo(
                    reason: "\(error): the read is 24 hex characters with an EPC header, but not a valid EPC (check the reader's output format)",
                    raw: text, symbology: symbology, aim: aim)
                return
            case nil:
                break
            }
        }
        let reference = Date(timeIntervalSince1970: Double(time.unixMillis) / 1000)
        switch BarcodeInterpreter(prefixes: prefixes, referenceDate: reference).interpret(text) {
        case .success(var scan):
            if scan.symbology == nil { scan.symbology = symbology }
            if !acceptNonGS1, scan.text != nil, scan.elements.isEmpty, scan.gtin == nil {
                event.kind = .rejected
                event.rejected = RejectedInfo(
                    reason: "not a GS1 code, and this station accepts GS1 codes only (interpreter.accept_non_gs1 = false)",
                    raw: text, symbology: scan.symbology, aim: scan.aim)
            } else {
                event.scan = scan
            }
        case .failure(let rejection):
            event.kind = .rejected
            event.rejected = RejectedInfo(
                reason: rejection.reason, raw: text, symbology: rejection.symbology ?? symbology, aim: rejection.aim)
        }
    }
}

extension Interpreter {
    /// The 24 characters of an EPC hex read, and the AIM identifier before them when there is one
    /// that announces plain data.
    static func epcHexBody(_ text: String) -> (Substring, String?)? {
        if text.utf8.count == 24 { return (Substring(text), nil) }
        guard text.utf8.count == 27, let aim = AIMSymbologyIdentifier(leading: text), aim.content == .plain else { return nil }
        return (text.dropFirst(3), aim.prefix)
    }
}

/// Raw scanner bytes as text.
public enum RawText {
    /// The bytes as a string when they are UTF-8 with no control characters other than GS (0x1D), EOT, RS.
    public static func decode(_ bytes: [UInt8]) -> String? {
        for b in bytes where b < 0x20 && b != 0x1D && b != 0x1E && b != 0x04 { return nil }
        guard let s = String(validating: bytes, as: UTF8.self) else { return nil }
        return s
    }

    /// Printable ASCII kept, everything else as `\xNN`, so binary garbage can be stored and shown.
    public static func escape(_ bytes: [UInt8]) -> String {
        if let s = decode(bytes) { return s }
        var out = ""
        for b in bytes {
            if b >= 0x20, b < 0x7F, b != 0x5C {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "\\x" + Hex.encode([b])
            }
        }
        return out
    }
}
