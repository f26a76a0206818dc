// TEMPORARY stub until the GS1 module lands. Delete when Sources/TraceModel/GS1 exists.
import Foundation
public struct GS1Element: Sendable, Hashable, Codable { public let ai: String; public let value: String }
public struct ScanData: Sendable, Hashable, Codable {
    public var symbology: String?
    public var aim: String?
    public var raw: String
    public var elements: [GS1Element] = []
    public var gtin: String?
    public var lot: String?
    public var serial: String?
    public var expiry: String?
    public var sscc: String?
    public var epc: String?
    public var text: String?
}
public struct ScanRejection: Error, Sendable, Hashable, Codable { public var reason: String; public var raw: String; public var symbology: String?; public var aim: String? }
public struct CompanyPrefixTable: Sendable { public init(overrides: [String: Int] = [:]) {}; public static let `default` = CompanyPrefixTable() }
public struct BarcodeInterpreter: Sendable {
    public init(prefixes: CompanyPrefixTable = .default, referenceDate: Date) {}
    public func interpret(_ raw: String) -> Result<ScanData, ScanRejection> {
        if raw.hasPrefix("]C1") { return .success(ScanData(symbology: "GS1-128", aim: "]C1", raw: raw, gtin: String(raw.dropFirst(5).prefix(14)))) }
        return .failure(ScanRejection(reason: "stub", raw: raw))
    }
}
public func unescapeScannerText(_ s: String) -> String { s.replacingOccurrences(of: "<GS>", with: "\u{1D}") }
