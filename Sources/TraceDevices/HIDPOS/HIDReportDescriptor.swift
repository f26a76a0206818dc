/// A HID report descriptor, parsed far enough to find fields by usage (Device Class Definition
/// for HID 1.11, §6.2.2): the input, output and feature fields of each report, with their usages,
/// bit positions and sizes. Pure.
///
/// Main items (Input 0x80, Output 0x90, Feature 0xB0, Collection 0xA0, End Collection 0xC0),
/// global items (Usage Page, Report Size, Report Count, Report ID, Push, Pop) and local items
/// (Usage, Usage Minimum/Maximum, with 4-byte usages carrying their own page) are understood;
/// the rest (logical/physical ranges, units, designators, strings, delimiters) is skipped.
public struct HIDReportDescriptor: Sendable, Hashable {
    /// A usage: page in the high 16 bits, id in the low 16 (`0x008C_00FE` is Barcode Scanner:
    /// Decoded Data).
    public typealias Usage = UInt32

    public enum ReportKind: Sendable, Hashable { case input, output, feature }

    /// One main item: `count` fields of `size` bits from `bitOffset` of its report (after the
    /// report ID byte, when the descriptor uses report IDs).
    public struct Field: Sendable, Hashable {
        public var kind: ReportKind
        /// Nil when the descriptor declares no report IDs.
        public var reportID: UInt8?
        public var bitOffset: Int
        public var size: Int
        public var count: Int
        /// The usages of the fields in order; the last one repeats for the remaining fields.
        public var usages: [Usage]
        /// Bit 0 of the item's data: constant (padding).
        public var isConstant: Bool
        /// Bit 1: variable (one value per field) rather than array.
        public var isVariable: Bool

        /// The usage of field `index` (0-based), if the item names any.
        public func usage(at index: Int) -> Usage? {
            guard !usages.isEmpty else { return nil }
            return usages[min(index, usages.count - 1)]
        }
    }

    public var fields: [Field]
    /// Every usage page named anywhere in the descriptor, in order of first appearance.
    public var usagePages: [UInt16]
    /// The usages of the top-level application collections.
    public var applications: [Usage]
    /// True when the descriptor declares report IDs (reports then start with the ID byte).
    public var usesReportIDs: Bool { fields.contains { $0.reportID != nil } }

    /// Why a descriptor could not be read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var offset: Int
        public var message: String
        public var description: String { "report descriptor, byte \(offset): \(message)" }
    }

    private struct Globals {
        var usagePage: UInt16 = 0
        var reportSize = 0
        var reportCount = 0
        var reportID: UInt8?
    }

    /// Parses `bytes` (what `HIDIOCGRDESC` returns).
    public init(_ bytes: [UInt8]) throws(ParseError) {
        var fields: [Field] = []
        var pages: [UInt16] = []
        var applications: [Usage] = []
        var globals = Globals()
        var stack: [Globals] = []
        var usages: [Usage] = []
        var usageMinimum: Usage?
        var depth = 0
        var bitOffsets: [String: Int] = [:]
        var i = 0
        func note(_ page: UInt16) { if !pages.contains(page) { pages.append(page) } }
        func full(_ value: UInt32, _ size: Int) -> Usage {
            size == 4 ? value : (UInt32(globals.usagePage) << 16) | (value & 0xFFFF)
        }
        while i < bytes.count {
            let prefix = bytes[i]
            if prefix == 0xFE {  // long item: skip
                guard i + 2 < bytes.count else { throw ParseError(offset: i, message: "truncated long item") }
                i += 3 + Int(bytes[i + 1])
                continue
            }
            let size = [0, 1, 2, 4][Int(prefix & 0x03)]
            guard i + 1 + size <= bytes.count else { throw ParseError(offset: i, message: "item runs past the end") }
            var value: UInt32 = 0
            for k in 0..<size { value |= UInt32(bytes[i + 1 + k]) << (8 * k) }
            let tag = prefix & 0xFC
            switch tag {
            // Main items
            case 0x80, 0x90, 0xB0:
                let kind: ReportKind = tag == 0x80 ? .input : tag == 0x90 ? .output : .feature
                var named = usages
                if named.isEmpty, let minimum = usageMinimum { named = [minimum] }
                let key = "\(kind)-\(globals.reportID.map(String.init) ?? "-")"
                let offset = bitOffsets[key] ?? 0
                fields.append(Field(kind: kind, reportID: globals.reportID, bitOffset: offset, size: globals.reportSize,
                                    count: globals.reportCount, usages: named, isConstant: value & 1 != 0,
                                    isVariable: value & 2 != 0))
                bitOffsets[key] = offset + globals.reportSize * globals.reportCount
                usages = []
                usageMinimum = nil
            case 0xA0:
                if depth == 0, let first = usages.first, value == 1 { applications.append(first) }
                depth += 1
                usages = []
                usageMinimum = nil
            case 0xC0:
                guard depth > 0 else { throw ParseError(offset: i, message: "End Collection without Collection") }
                depth -= 1
            // Global items
            case 0x04:
                globals.usagePage = UInt16(truncatingIfNeeded: value)
                note(globals.usagePage)
            case 0x74: globals.reportSize = Int(value)
            case 0x94: globals.reportCount = Int(value)
            case 0x84:
                guard value > 0, value <= 0xFF else { throw ParseError(offset: i, message: "report ID \(value) out of range 1…255") }
                globals.reportID = UInt8(value)
            case 0xA4: stack.append(globals)
            case 0xB4:
                guard let top = stack.popLast() else { throw ParseError(offset: i, message: "Pop without Push") }
                globals = top
            // Local items
            case 0x08:
                let usage = full(value, size)
                if size == 4 { note(UInt16(value >> 16)) }
                usages.append(usage)
            case 0x18:
                usageMinimum = full(value, size)
            case 0x28:
                if let minimum = usageMinimum {
                    let maximum = full(value, size)
                    if maximum >= minimum, maximum - minimum < 4096 {
                        usages.append(contentsOf: (minimum...maximum).map { $0 })
                    }
                    usageMinimum = nil
                }
            default:
                break
            }
            i += 1 + size
        }
        self.fields = fields
        self.usagePages = pages
        self.applications = applications
    }

    /// The size in bytes of input report `id` (nil: the descriptor uses no IDs), the ID byte
    /// included; nil when there is no such report.
    public func inputReportLength(id: UInt8?) -> Int? {
        let bits = fields.filter { $0.kind == .input && $0.reportID == id }.map { $0.bitOffset + $0.size * $0.count }.max()
        guard let bits else { return nil }
        return (bits + 7) / 8 + (id == nil ? 0 : 1)
    }

    /// The IDs of the input reports (`[nil]` without report IDs).
    public var inputReportIDs: [UInt8?] {
        var ids: [UInt8?] = []
        for f in fields where f.kind == .input && !ids.contains(f.reportID) { ids.append(f.reportID) }
        return ids
    }

    /// The first input field position (report ID, bit offset of the first matching field, and how
    /// many consecutive fields of the item carry `usage`) for `usage`.
    public func inputPosition(of usage: Usage) -> (reportID: UInt8?, bitOffset: Int, fieldSize: Int, fieldCount: Int)? {
        for f in fields where f.kind == .input && f.isVariable && !f.isConstant {
            for index in 0..<f.count where f.usage(at: index) == usage {
                var run = 1
                while index + run < f.count, f.usage(at: index + run) == usage { run += 1 }
                return (f.reportID, f.bitOffset + index * f.size, f.size, run)
            }
        }
        return nil
    }
}
