import Foundation

/// The Python reference tools the EPCIS tests compare against, from the venv that
/// `scripts/install-deps.sh` makes (`.build-python`: epcis-event-hash-generator, jsonschema).
/// Scripts and schema: `Fixtures/epcis/` (GS1's EPCIS 2.0 JSON schema, `validate_epcis.py`, `reference_hashes.py`).
public enum EPCISReferenceTools {
    public static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let fixtures = repoRoot.appendingPathComponent("Fixtures/epcis")
    public static let python = repoRoot.appendingPathComponent(".build-python/bin/python")
    public static let schema = fixtures.appendingPathComponent("EPCIS-JSON-Schema.json")

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs the venv's Python with `arguments`; (exit status, stdout).
    public static func run(_ arguments: [String]) throws -> (Int32, String) {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw Failure(description: "\(python.path) is missing: run scripts/install-deps.sh (make test runs it)")
        }
        let process = Process()
        process.executableURL = python
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The reference hashes of the events of a document file, in order.
    public static func referenceHashes(of file: URL) throws -> [String] {
        let (status, out) = try run([fixtures.appendingPathComponent("reference_hashes.py").path, file.path])
        guard status == 0 else { throw Failure(description: "reference_hashes.py failed (\(status)): \(out)") }
        return out.split(whereSeparator: \.isNewline).map(String.init).filter { $0.hasPrefix("ni:") }
    }

    /// Schema errors of a document file (empty = valid).
    public static func schemaErrors(of file: URL) throws -> [String] {
        let (status, out) = try run([fixtures.appendingPathComponent("validate_epcis.py").path, schema.path, file.path])
        let lines = out.split(whereSeparator: \.isNewline).map(String.init)
        if status != 0 && lines.isEmpty { throw Failure(description: "validate_epcis.py failed (\(status))") }
        return lines
    }

    /// Writes `text` to a new temporary file.
    public static func temporaryFile(_ text: String, name: String = "doc.jsonld") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("epcis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}
