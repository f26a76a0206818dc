import Foundation
import Testing

/// The `edgetrace-platform` executable, run as a user would.
@Suite(.timeLimit(.minutes(1)))
struct ExecutableTests {
    @Test func servesBatchesAndExitsCleanlyOnSIGTERM() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("platform.sqlite").path
        let platform = try await PlatformProcess(arguments: ["--port", "0", "--db", db])
        let response = try #require(try await HTTPTestClient.postBatch(port: platform.port, TestSupport.batch(seqs: 1...3)))
        #expect(response.status == 200)
        #expect(response.json["accepted"] as? Int == 3)
        let exit = await platform.terminate()
        #expect(exit.reason == .exit)
        #expect(exit.status == 0)

        // The events outlive the process.
        let again = try await PlatformProcess(arguments: ["--port", "0", "--db", db])
        let listed = try await HTTPTestClient.send(port: again.port, path: "/v1/events?gateway=dock-3")
        #expect(TestSupport.seqs(listed) == [1, 2, 3])
        #expect(await again.terminate().status == 0)
    }

    @Test func takesFaultsAndATokenFileFromTheCommandLine() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokenFile = directory.appendingPathComponent("token")
        try "s3cret\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        let platform = try await PlatformProcess(arguments: [
            "--port", "0", "--db", ":memory:", "--token-file", tokenFile.path,
            "--fail-status", "503", "--fail-count", "1", "--retry-after", "2", "--max-events", "2",
        ])
        let auth = [("Authorization", "Bearer s3cret")]
        let body = TestSupport.batch(seqs: 1...2)
        #expect(try await HTTPTestClient.postBatch(port: platform.port, body)?.status == 401)
        let failed = try #require(try await HTTPTestClient.postBatch(port: platform.port, body, headers: auth))
        #expect(failed.status == 503)
        #expect(failed.headers.first(name: "Retry-After") == "2")
        #expect(try await HTTPTestClient.postBatch(port: platform.port, body, headers: auth)?.status == 200)
        let tooMany = TestSupport.batch(seqs: 1...3)
        #expect(try await HTTPTestClient.postBatch(port: platform.port, tooMany, headers: auth)?.status == 413)
        #expect(await platform.terminate().status == 0)
    }

    @Test func exitsNonZeroOnAnUnusableDatabase() async throws {
        let process = Process()
        process.executableURL = try PlatformProcess.executableURL()
        process.arguments = ["--port", "0", "--db", "/nonexistent-dir/for/sure/platform.sqlite"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        #expect(process.terminationStatus != 0)
    }
}
