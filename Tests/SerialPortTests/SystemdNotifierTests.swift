import Glibc
import SystemSupport
import Testing
import TraceTesting

@Suite("SystemdNotifier")
struct SystemdNotifierTests {
    /// The notifier's datagrams, as a socket bound where systemd would bind it receives them.
    @Test(.timeLimit(.minutes(1)), arguments: [false, true])
    func sendsTheProtocolText(abstract: Bool) async throws {
        let directory = try TemporaryDirectory()
        let address = abstract ? "@edgetrace-test-\(getpid())-\(UInt32.random(in: 0 ... .max))" : directory.appending("notify.sock")
        let listener = try SystemdNotifyListener(socketPath: address)
        defer { listener.close() }
        // The kernel's own list shows where the socket really is: "@name" for the abstract namespace.
        let sockets = try String(decoding: readProcFile("/proc/net/unix"), as: UTF8.self)
        #expect(sockets.split(separator: "\n").contains { $0.hasSuffix(" \(address)") })
        #expect(FileSystem.exists(address) == !abstract)
        let notifier = SystemdNotifier(environment: listener.environment)
        #expect(notifier.isEnabled)
        #expect(notifier.socketPath == address)

        try notifier.ready()
        #expect(try await listener.nextMessage() == "READY=1")
        try notifier.status("reading 2 scanners, 0 events queued")
        #expect(try await listener.nextMessage() == "STATUS=reading 2 scanners, 0 events queued")
        try notifier.status("line one\nline two")
        #expect(try await listener.nextMessage() == "STATUS=line one line two")
        try notifier.watchdog()
        #expect(try await listener.nextMessage() == "WATCHDOG=1")
        try notifier.stopping()
        #expect(try await listener.nextMessage() == "STOPPING=1")
        try notifier.notify("RELOADING=1\nMONOTONIC_USEC=123")
        #expect(try await listener.nextMessage() == "RELOADING=1\nMONOTONIC_USEC=123")
        #expect(try await listener.nextMessage(timeout: .milliseconds(50)) == nil)
    }

    @Test func withoutNotifySocketItDoesNothing() throws {
        for environment in [[:], ["NOTIFY_SOCKET": ""]] {
            let notifier = SystemdNotifier(environment: environment)
            #expect(!notifier.isEnabled)
            try notifier.ready()
            try notifier.status("x")
            try notifier.watchdog()
            try notifier.stopping()
        }
    }

    @Test func reportsWhenNobodyListens() throws {
        let directory = try TemporaryDirectory()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": directory.appending("missing.sock")])
        #expect(throws: SystemError.self) { try notifier.ready() }
        let unsupported = SystemdNotifier(environment: ["NOTIFY_SOCKET": "vsock:2:1234"])
        #expect(throws: SystemError.self) { try unsupported.ready() }
        let tooLong = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/" + String(repeating: "x", count: 200)])
        #expect(throws: SystemError.self) { try tooLong.ready() }
    }

    @Test(arguments: [
        (["WATCHDOG_USEC": "30000000"], Duration?.some(.seconds(30))),
        (["WATCHDOG_USEC": "500000", "WATCHDOG_PID": "4242"], .some(.milliseconds(500))),
        (["WATCHDOG_USEC": "500000", "WATCHDOG_PID": "4243"], nil),
        (["WATCHDOG_USEC": "500000", "WATCHDOG_PID": "x"], nil),
        (["WATCHDOG_USEC": "0"], nil),
        (["WATCHDOG_USEC": "-5"], nil),
        (["WATCHDOG_USEC": "ten"], nil),
        ([:], nil),
    ])
    func watchdogInterval(environment: [String: String], interval: Duration?) {
        let notifier = SystemdNotifier(environment: environment, processID: 4242)
        #expect(notifier.watchdogInterval == interval)
    }

    @Test func readsTheProcessEnvironment() {
        // This test process is not a systemd notify service unless NOTIFY_SOCKET says so.
        let notifier = SystemdNotifier()
        let socket = getenv("NOTIFY_SOCKET").map { String(cString: $0) } ?? ""
        #expect(notifier.isEnabled == !socket.isEmpty)
    }
}

/// The whole of a /proc file (`open(2)`, `read(2)` until end of file).
func readProcFile(_ path: String) throws -> [UInt8] {
    let fd = try FileDescriptor.open(path, O_RDONLY | O_CLOEXEC)
    defer { try? fd.close() }
    var bytes: [UInt8] = []
    while true {
        let chunk = try fd.read(maxBytes: 65536)
        if chunk.isEmpty { return bytes }
        bytes += chunk
    }
}
