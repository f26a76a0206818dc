import Foundation
import Testing
import TraceTesting

@Suite("Status page: the daemon's local web page, in headless Chromium", .serialized)
struct StatusPageTests {
    /// Runs Debian's chromium headless; the virtual-time budget lets the page's script fetch and render first.
    static func chromium(_ args: [String], profile: String) async throws -> (status: Int32, output: String) {
        try await TestProcess.run("/usr/bin/chromium", [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(profile)", "--virtual-time-budget=4000",
        ] + args, timeout: .seconds(90))
    }

    @Test("devices, counts, last reads, queue and sync show in the rendered page; data is escaped; screenshot is a PNG",
          .timeLimit(.minutes(3)))
    func statusPageInChromium() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeMonitorConfig()
        try await station.startDaemon()
        let base = try await station.monitorURL()

        for i in 1...3 { try station.scanner.send(gs1Scan(i)) }
        // Markup in a read must come out as text, never as an element.
        try station.scanner.send("<img src=x onerror=alert(1)>")
        _ = try await station.waitForPlatform(count: 4)
        // The JSON the page polls.
        var snapshot: [String: Any] = [:]
        let deadline = ContinuousClock.now + .seconds(15)
        repeat {
            let r = try await station.httpGet(base + "/status.json")
            #expect(r.status == 200)
            snapshot = try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any] ?? [:]
            if (snapshot["upload"] as? [String: Any])?["delivered"] as? Int == 4 { break }
            try await Task.sleep(for: .milliseconds(150))
        } while ContinuousClock.now < deadline
        let devices = snapshot["devices"] as? [[String: Any]] ?? []
        #expect(devices.first?["id"] as? String == "scanner-1")
        #expect(devices.first?["reads"] as? Int == 4)
        #expect((snapshot["recent"] as? [[String: Any]])?.count == 4)

        let page = try await station.httpGet(base + "/")
        #expect(page.status == 200)
        #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        #expect(!page.body.contains("http://") && !page.body.contains("https://"), "no external assets")

        let artifacts = FileManager.default.temporaryDirectory.appendingPathComponent("edgetrace-test-artifacts").path
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let dom = try await Self.chromium(["--dump-dom", base + "/"], profile: station.dir + "/chromium-dom")
        #expect(dom.status == 0, "chromium: \(dom.output.suffix(2000))")
        let html = dom.output
        #expect(html.contains("<span id=\"gateway\">itest</span>"), "the gateway name is rendered")
        #expect(html.contains("data-device=\"scanner-1\""), "the device row is rendered")
        #expect(html.contains("<td class=\"reads\">4</td>"))
        #expect(html.contains("<span class=\"state connected\">connected</span>"))
        #expect(html.contains("GTIN 06901234567892, serial SN3"), "the last events list the interpreted codes")
        #expect(html.contains("<dd id=\"delivered\">4</dd>"))
        #expect(html.contains("<dd id=\"unsynced\">0</dd>"))
        #expect(html.contains("<dd class=\"state online\" id=\"link\">online</dd>"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "markup from a device is shown as text")
        #expect(!html.contains("<img"), "and never becomes an element")

        let png = artifacts + "/status-page.png"
        try? FileManager.default.removeItem(atPath: png)
        let shot = try await Self.chromium(["--screenshot=\(png)", "--window-size=1280,900", base + "/"],
                                           profile: station.dir + "/chromium-shot")
        #expect(shot.status == 0, "chromium: \(shot.output.suffix(2000))")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: png)))
        #expect(bytes.count > 10_000, "a rendered page, not an empty image (\(bytes.count) bytes)")
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG signature")
        print("status page screenshot: \(png)")
    }
}
