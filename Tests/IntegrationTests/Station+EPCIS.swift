import AsyncHTTPClient
import Foundation
import NIOCore
import TraceTesting

extension Station {
    /// The config lines that make the daemon upload over EPCIS 2.0 capture.
    static let epcisUpstream = [#"protocol = "epcis""#]

    /// The EPCIS events the platform captured, in arrival order.
    func epcisEvents() async throws -> [[String: Any]] {
        ((try await platformJSON("/v1/epcis/events") as? [String: Any])?["events"] as? [[String: Any]]) ?? []
    }

    /// Waits until the platform holds at least `count` EPCIS events.
    func waitForEPCIS(count: Int, timeout: Duration = .seconds(60)) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + timeout
        var events: [[String: Any]] = []
        while ContinuousClock.now < deadline {
            events = try await epcisEvents()
            if events.count >= count { return events }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("platform holds \(events.count) EPCIS events, expected \(count); daemon output:\n\(daemon?.lines.suffix(30).joined(separator: "\n") ?? "")")
    }

    /// The bytes of the last EPCIS document the platform received.
    func lastEPCISDocument() async throws -> [UInt8] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: platformURL + "/v1/epcis/documents/last"), timeout: .seconds(10))
        guard response.status == .ok else { throw TestFailure("no EPCIS document at the platform (\(response.status))") }
        return Array(buffer: try await response.body.collect(upTo: 64 << 20))
    }
}
