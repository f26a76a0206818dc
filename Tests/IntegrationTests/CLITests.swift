import Foundation
import Testing
import TraceTesting

@Suite("edgetrace CLI")
struct CLITests {
    @Test("decode prints the interpretation as JSON; <GS> and \\x1d are accepted", arguments: ["<GS>", "\\x1d"])
    func decode(gs: String) async throws {
        let r = try await TestProcess.run("edgetrace", ["decode", "]C1010690123456789217270531" + "10LOT7" + gs + "21SER9"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any]
        #expect(json?["gtin"] as? String == "06901234567892")
        #expect(json?["lot"] as? String == "LOT7")
        #expect(json?["serial"] as? String == "SER9")
        #expect(json?["expiry"] as? String == "2027-05-31")
    }

    @Test("decode of a bad code exits non-zero with the reason")
    func decodeRejected() async throws {
        let r = try await TestProcess.run("edgetrace", ["decode", "]C1010690123456789321X"])
        #expect(r.status == 2)
        #expect(r.output.lowercased().contains("check digit"))
    }

    @Test("config check names the line and key of a mistake")
    func configCheck() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).toml").path
        try "[station]\ngateway = \"g\"\n[upstream]\nurl = 5\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try await TestProcess.run("edgetrace", ["config", "check", "--config", path])
        #expect(r.status == 1)
        #expect(r.output.contains("\(path):4: key 'upstream.url'"))
    }
}
