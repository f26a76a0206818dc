/// A configured command barcode (`[[command]]` in the config): scanning it changes the station's
/// context or its packing session instead of recording a product.
public struct StationCommand: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable, CaseIterable {
        /// Sets `bizStep` (a CBV word or URI) for the following events.
        case bizStep = "biz_step"
        /// Sets `disposition` (e.g. `conformant`, `non_conformant`, `damaged`).
        case disposition
        /// Sets the work order; with `prefix` matching, the rest of the scanned text is the order.
        case workOrder = "work_order"
        /// Switches the packing mode: `pack`, `unpack` or `off`.
        case mode
        /// Closes the open aggregation (needs a parent scanned before).
        case close
        /// Drops the open aggregation.
        case cancel
    }

    /// The command barcode's text (without AIM identifier).
    public var code: String
    public var action: Action
    /// The value it sets; nil for close and cancel, and for a prefix work order (the scanned rest).
    public var value: String?
    /// Whether `code` is a prefix of the scanned text rather than all of it.
    public var prefix: Bool

    public init(code: String, action: Action, value: String? = nil, prefix: Bool = false) {
        self.code = code
        self.action = action
        self.value = value
        self.prefix = prefix
    }
}

/// What a station does with scans besides recording them.
public enum PackingMode: String, Sendable, Hashable, CaseIterable {
    /// Scans are only recorded.
    case off
    /// Scans are collected as children and closed into an aggregation by a parent SSCC scan (or a
    /// parent scanned first and then a close command or the timeout).
    case pack
    /// A parent SSCC scan records its unpacking (aggregation DELETE).
    case unpack
}

/// The children collected for one parent (pure state of the interpreter).
struct AggregationSession: Sendable, Hashable {
    var parentID: String?
    var childEPCs: [String] = []
    var classOrder: [String] = []
    var classCounts: [String: Int] = [:]
    /// When the session last changed (its timeout counts from here).
    var lastActivity: CaptureStamp
    var lastActivityNs: UInt64 { lastActivity.clock.uptimeNs }

    var isEmpty: Bool { childEPCs.isEmpty && classOrder.isEmpty }

    mutating func add(_ identity: EPCISIdentity) {
        switch identity {
        case .instance(let epc): if !childEPCs.contains(epc) { childEPCs.append(epc) }
        case .epcClass(let c):
            if classCounts[c] == nil { classOrder.append(c) }
            classCounts[c, default: 0] += 1
        }
    }

    var quantities: [AggregationInfo.Quantity] {
        classOrder.map { AggregationInfo.Quantity(epcClass: $0, quantity: classCounts[$0] ?? 0) }
    }
}
