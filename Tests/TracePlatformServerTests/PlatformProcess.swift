import Foundation
import TraceTesting

/// An `edgetrace-platform` process started by a test, with the port it printed.
final class PlatformProcess: @unchecked Sendable {
    enum Failure: Error, CustomStringConvertible {
        case executableNotFound([String])
        case noListeningLine(String)

        var description: String {
            switch self {
            case .executableNotFound(let searched):
                "edgetrace-platform not found (build it first: swift build); looked in \(searched.joined(separator: ", "))"
            case .noListeningLine(let output):
                "edgetrace-platform did not print 'listening on'; output: \(output)"
            }
        }
    }

    let process = Process()
    private(set) var port = 0
    private let stdout = Pipe()

    /// The built `edgetrace-platform`: `EDGETRACE_PLATFORM_BIN`, or next to the running test bundle.
    static func executableURL() throws -> URL {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["EDGETRACE_PLATFORM_BIN"] {
            candidates.append(URL(fileURLWithPath: path))
        }
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        candidates.append(testBinary.deletingLastPathComponent().appendingPathComponent("edgetrace-platform"))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("edgetrace-platform"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("edgetrace-platform"))
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        throw Failure.executableNotFound(candidates.map(\.path))
    }

    /// Starts `edgetrace-platform` with `arguments` and waits for its `listening on HOST:PORT` line.
    init(arguments: [String]) async throws {
        process.executableURL = try Self.executableURL()
        process.arguments = arguments
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        let (lines, continuation) = AsyncStream<String>.makeStream()
        let buffer = LineBuffer()
        let reader = PipeReader.thread(stdout, chunk: { bytes in
            for line in buffer.append(Data(bytes)) { continuation.yield(line) }
        }, end: { continuation.finish() })
        try process.run()
        reader.start()
        var seen: [String] = []
        for await line in lines {
            seen.append(line)
            if line.hasPrefix("listening on "), let port = line.split(separator: ":").last.flatMap({ Int($0) }) {
                self.port = port
                return
            }
        }
        throw Failure.noListeningLine(seen.joined(separator: "\n"))
    }

    /// Sends SIGTERM and returns the exit status once the process has ended.
    func terminate() async -> (reason: Process.TerminationReason, status: Int32) {
        process.terminate()
        return await waitForExit()
    }

    /// Waits until the process has ended.
    func waitForExit() async -> (reason: Process.TerminationReason, status: Int32) {
        while process.isRunning {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return (process.terminationReason, process.terminationStatus)
    }

    deinit {
        if process.isRunning { process.interrupt() }
    }
}

/// Splits bytes into lines.
private final class LineBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = Data()

    func append(_ data: Data) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        pending.append(data)
        var lines: [String] = []
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
            pending = Data(pending[pending.index(after: newline)...])
        }
        return lines
    }
}
