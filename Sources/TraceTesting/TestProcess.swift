import Foundation

/// A real child process for integration tests: started from the package's build products, its output
/// collected line by line, waited for with deadlines, and signalled like systemd would.
public final class TestProcess: Sendable {
    public let name: String
    private let process: Process
    private let buffer = LineBuffer()

    /// The directory holding the built executables (`edgetraced`, `edgetrace`, `edgetrace-platform`).
    public static var binDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["EDGETRACE_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        // Inside an .xctest bundle directory on some layouts: climb out of it.
        while url.path.contains(".xctest") { url.deleteLastPathComponent() }
        return url
    }

    /// Starts `executable` (a name in ``binDirectory``) with `arguments`; stdout and stderr are merged.
    public convenience init(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                            currentDirectory: String? = nil) throws {
        // A name is one of the package's executables; an absolute path is any program (strace, …).
        let url = executable.hasPrefix("/") ? URL(fileURLWithPath: executable) : Self.binDirectory.appendingPathComponent(executable)
        try self.init(executableURL: url, name: executable, arguments,
                      environment: environment, currentDirectory: currentDirectory)
    }

    /// Starts the program at `executableURL` (any path, e.g. `/usr/bin/python3`); `name` is for messages.
    public init(executableURL: URL, name executable: String, _ arguments: [String], environment: [String: String] = [:],
                currentDirectory: String? = nil) throws {
        name = (executable as NSString).lastPathComponent
        process = Process()
        process.executableURL = executableURL
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let buffer = self.buffer
        let echo = ProcessInfo.processInfo.environment["EDGETRACE_TEST_ECHO"] != nil
        let prefix = executable
        let reader = PipeReader.thread(pipe, chunk: { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            if echo { FileHandle.standardError.write(Data("[\(prefix)] \(text)".utf8)) }
            buffer.append(text)
        }, end: { buffer.finish() })
        try process.run()
        reader.start()
    }

    public var pid: Int32 { process.processIdentifier }

    /// The process's memory map (`/proc/PID/maps`), read to its end: a proc file has no size, and
    /// `String(contentsOfFile:)` stopped after its first page.
    public func memoryMap() throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/\(pid)/maps"))
        defer { try? handle.close() }
        return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    }
    public var isRunning: Bool { process.isRunning }
    public var lines: [String] { buffer.lines }

    /// Waits until a line matching `predicate` appeared; returns it.
    @discardableResult
    public func waitForLine(timeout: Duration = .seconds(30), _ predicate: @Sendable (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = lines.first(where: predicate) { return line }
            if !process.isRunning, let line = lines.first(where: predicate) { return line }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("\(name): no matching line within \(timeout); output:\n\(lines.suffix(40).joined(separator: "\n"))")
    }

    /// Sends a signal (SIGTERM, SIGKILL, …).
    public func signal(_ sig: Int32) {
        kill(process.processIdentifier, sig)
    }

    /// Waits for exit; returns the exit status (or 128+signal).
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                throw TestFailure("\(name) did not exit within \(timeout); output:\n\(lines.suffix(40).joined(separator: "\n"))")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        // The pipe's last bytes can come well after the exit on a loaded machine (a parallel test run).
        let eofDeadline = ContinuousClock.now + .seconds(10)
        while !buffer.isFinished, ContinuousClock.now < eofDeadline { try await Task.sleep(for: .milliseconds(5)) }
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// SIGKILL and reap.
    public func kill9() async {
        signal(SIGKILL)
        _ = try? await waitForExit(timeout: .seconds(10))
    }

    /// SIGKILL this process and every process below it (e.g. the daemon under strace), and reap it;
    /// synchronous, so it can run in a `defer`.
    public func killTree() {
        func descendants(_ pid: Int32) -> [Int32] {
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
            let children = text.split(separator: " ").compactMap { Int32($0) }
            return children + children.flatMap(descendants)
        }
        guard process.isRunning else { return }
        let pids = [process.processIdentifier] + descendants(process.processIdentifier)
        for pid in pids.reversed() { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Runs a command to completion and returns (status, output).
    public static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws -> (status: Int32, output: String) {
        let p = try TestProcess(executable, arguments)
        let status = try await p.waitForExit(timeout: timeout)
        return (status, p.lines.joined(separator: "\n"))
    }
}

/// A failure of the test environment, with what was seen.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Output lines of a child process, filled from the pipe's handler thread.
final class LineBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var complete: [String] = []
    private var partial = ""
    private var finished = false

    func append(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        partial += text
        var parts = partial.components(separatedBy: "\n")
        partial = parts.removeLast()
        complete += parts
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if !partial.isEmpty { complete.append(partial) }
        partial = ""
        finished = true
    }

    var lines: [String] { lock.lock(); defer { lock.unlock() }; return complete }
    var isFinished: Bool { lock.lock(); defer { lock.unlock() }; return finished }
}
