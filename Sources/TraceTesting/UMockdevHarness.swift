import Foundation
import Glibc
import SystemSupport

/// A program run against emulated devices: `Fixtures/umockdev/harness.py` builds a umockdev test
/// bed (emulated `/sys` and `/dev`, ioctls answered from `.ioctl` recordings), starts the program
/// under umockdev's LD_PRELOAD library, and carries out the commands this type sends while it runs:
/// bytes into a device node, unplug, plug.
///
/// Needs umockdev, gir1.2-umockdev-1.0 and python3-gi (`scripts/install-deps.sh` installs them).
public final class UMockdevHarness: @unchecked Sendable {
    /// The harness process; the program's output (and the harness's "harness: ok …" lines) are its lines.
    public let process: TestProcess
    private let control: String
    private var writer: FileDescriptor?
    private var acknowledged = 0

    /// `Fixtures/umockdev` of this repository.
    public static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/umockdev")
    }

    /// Whether umockdev and its Python bindings are installed; when not, the reason.
    public static func unavailableReason() -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/umockdev-run") else {
            return "umockdev is not installed (scripts/install-deps.sh installs umockdev, gir1.2-umockdev-1.0, python3-gi)"
        }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        check.arguments = ["-c", "import gi; gi.require_version('UMockdev', '1.0'); from gi.repository import UMockdev"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return "/usr/bin/python3 is missing" }
        check.waitUntilExit()
        return check.terminationStatus == 0 ? nil : "python3-gi or gir1.2-umockdev-1.0 is not installed (scripts/install-deps.sh)"
    }

    /// Starts `program` (a path, or a name in ``TestProcess/binDirectory``) with `devices`
    /// (`.umockdev` files in ``fixtures``) and `ioctls` (device node → `.ioctl` file in ``fixtures``).
    public convenience init(devices: [String], ioctls: [(String, String)], program: String, _ arguments: [String],
                            environment: [String: String] = [:], directory: String) throws {
        var args: [String] = []
        for d in devices { args += ["--device", Self.fixtures.appendingPathComponent(d).path] }
        for (node, file) in ioctls { args += ["--ioctl", "\(node)=\(Self.fixtures.appendingPathComponent(file).path)"] }
        try self.init(script: "harness.py", scriptArguments: args, program: program, arguments, environment: environment,
                      directory: directory)
    }

    /// Starts `program` under another harness script of ``fixtures`` (e.g. `temper.py`, an emulated USB
    /// sensor answering usbfs ioctls dynamically) that takes `--control FIFO`, `scriptArguments`, `--` and the program.
    public init(script: String, scriptArguments: [String], program: String, _ arguments: [String],
                environment: [String: String] = [:], directory: String) throws {
        if let reason = Self.unavailableReason() { throw TestFailure(reason) }
        control = directory + "/umockdev-control-\(UUID().uuidString.prefix(8))"
        guard mkfifo(control, 0o600) == 0 else { throw TestFailure("mkfifo \(control) failed") }
        let executable = program.hasPrefix("/") ? program : TestProcess.binDirectory.appendingPathComponent(program).path
        var args = [Self.fixtures.appendingPathComponent(script).path, "--control", control] + scriptArguments
        args += ["--", executable] + arguments
        process = try TestProcess(executableURL: URL(fileURLWithPath: "/usr/bin/python3"), name: "umockdev(\(program))", args,
                                  environment: environment)
    }

    /// Sends one command and waits until the harness has carried it out.
    public func send(_ command: String, timeout: Duration = .seconds(10)) async throws {
        let fd = try await openWriter(timeout: timeout)
        try fd.writeAll(Array((command + "\n").utf8), timeout: .seconds(5))
        acknowledged += 1
        let expected = acknowledged
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let answers = process.lines.filter { $0.hasPrefix("harness: ok") || $0.hasPrefix("harness: error") }
            if answers.count >= expected {
                if let error = answers.first(where: { $0.hasPrefix("harness: error") }) { throw TestFailure(error) }
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestFailure("harness did not carry out '\(command.prefix(60))'; output:\n\(process.lines.suffix(30).joined(separator: "\n"))")
    }

    /// Writes `bytes` into `node` as the kernel would deliver them to a reader.
    public func write(_ node: String, _ bytes: [UInt8]) async throws {
        try await send("write \(node) \(bytes.map { String(format: "%02x", $0) }.joined())")
    }

    /// Removes the device of `node` (its node hangs up).
    public func unplug(_ node: String) async throws { try await send("unplug \(node)") }

    /// Adds the devices of `file` (in ``fixtures``).
    public func plug(_ file: String) async throws { try await send("plug \(Self.fixtures.appendingPathComponent(file).path)") }

    /// The program's JSON lines, parsed.
    public var jsonLines: [[String: Any]] {
        // The harness and the program share the pipe: a JSON line may follow another process's text.
        process.lines.compactMap { line in
            guard let start = line.firstIndex(of: "{") else { return nil }
            return try? JSONSerialization.jsonObject(with: Data(line[start...].utf8)) as? [String: Any]
        }
    }

    /// Waits until a JSON line matches `predicate`; returns it.
    @discardableResult
    public func waitForJSON(timeout: Duration = .seconds(45), _ predicate: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let match = jsonLines.first(where: predicate) { return match }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("no matching JSON line within \(timeout); output:\n\(process.lines.suffix(40).joined(separator: "\n"))")
    }

    private func openWriter(timeout: Duration) async throws -> FileDescriptor {
        if let writer { return writer }
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                let fd = try FileDescriptor.open(control, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
                writer = fd
                return fd
            } catch {
                // ENXIO until the harness has opened its end.
                if ContinuousClock.now >= deadline { throw TestFailure("the harness never opened \(control): \(error)") }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// Stops the program and the harness (the whole process tree); synchronous, for a plain `defer`.
    public func stop() {
        if let writer { try? writer.close() }
        writer = nil
        process.killTree()
        unlink(control)
    }

    deinit {
        if let writer { try? writer.close() }
        unlink(control)
    }
}
