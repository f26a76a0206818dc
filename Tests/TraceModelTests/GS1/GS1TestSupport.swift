import Foundation
import Testing
@testable import TraceModel

/// Shared fixtures for the GS1 tests.
enum GS1Fixture {
    /// 2026-06-15T00:00:00Z: "today" for the two-digit-year window in these tests.
    static let referenceDate = Date(timeIntervalSince1970: 1_781_481_600)
    static let interpreter = BarcodeInterpreter(referenceDate: referenceDate)
    static let strict = BarcodeInterpreter(referenceDate: referenceDate, associations: .reject)

    /// `<GS>` written in a test string → U+001D.
    static func gs(_ text: String) -> String { text.replacingOccurrences(of: "<GS>", with: "\u{1D}") }

    /// Interprets `raw` (with `<GS>` markers) and returns the data, recording an issue if rejected.
    static func accept(_ raw: String, _ interpreter: BarcodeInterpreter = interpreter,
                       sourceLocation: SourceLocation = #_sourceLocation) -> ScanData? {
        switch interpreter.interpret(gs(raw)) {
        case .success(let data): return data
        case .failure(let rejection):
            Issue.record("rejected \(raw): \(rejection.reason)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Interprets `raw` and returns the rejection, recording an issue if it was accepted.
    static func reject(_ raw: String, _ interpreter: BarcodeInterpreter = interpreter,
                       sourceLocation: SourceLocation = #_sourceLocation) -> ScanRejection? {
        switch interpreter.interpret(gs(raw)) {
        case .success(let data):
            Issue.record("accepted \(raw): \(data.jsonString())", sourceLocation: sourceLocation)
            return nil
        case .failure(let rejection): return rejection
        }
    }

    /// The elements as `AI=value` joined by `|`, for compact expectations.
    static func summary(_ data: ScanData?) -> String? {
        data.map { $0.elements.map { "\($0.ai)=\($0.value)" }.joined(separator: "|") }
    }
}

extension GS1Fixture {
    /// Midnight UTC of an ISO date ("2026-06-15").
    static func date(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text + "T00:00:00Z")!
    }
}
