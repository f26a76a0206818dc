import Glibc
import Testing

@testable import SystemSupport

@Suite("SystemSupport")
struct SystemSupportTests {
    @Test func bootIDHasUUIDFormatAndIsStable() throws {
        let id = try BootID.current
        let text = id.rawValue
        #expect(text.count == 36)
        #expect(Array(text).enumerated().allSatisfy { index, character in
            [8, 13, 18, 23].contains(index) ? character == "-" : character.isHexDigit && !character.isUppercase
        })
        #expect(try BootID.current == id)
    }

    @Test(arguments: ["", "not-a-uuid", "4f1c2a7e-9b0d-4c61-8e2f-0a1b2c3d4e5", "4f1c2a7e99b0d-4c61-8e2f-0a1b2c3d4e5f",
                      "4f1c2a7e-9b0d-4c61-8e2f-0a1b2c3d4e5g"])
    func bootIDRejectsMalformedText(text: String) {
        #expect(BootID(rawValue: text) == nil)
    }

    /// glibc raises its mmap threshold to the size of each mapped block freed; after `mapBlocks`, a freed
    /// megabyte is mapped again the next time instead of coming from (and staying in) the heap. In a
    /// process of its own (an exit test): in the shared test process, free heap space left by other tests
    /// can serve a large block whatever the threshold.
    @Test func largeBlocksStayMappingsOfTheirOwn() async {
        await #expect(processExitsWith: .success) {
            guard MemoryAllocator.mapBlocks(ofAtLeast: 128 << 10) else { exit(2) }
            for _ in 0..<3 {
                guard let block = malloc(1 << 20) else { exit(3) }
                guard MemoryAllocator.isMapped(block) else { exit(1) }  // taken from the heap
                free(block)
            }
            guard let small = malloc(64), !MemoryAllocator.isMapped(small) else { exit(4) }
            free(small)
        }
    }

    @Test func bootIDNormalisesCaseAndNewline() {
        #expect(BootID(rawValue: "4F1C2A7E-9B0D-4C61-8E2F-0A1B2C3D4E5F\n")?.rawValue == "4f1c2a7e-9b0d-4c61-8e2f-0a1b2c3d4e5f")
    }

    @Test(.timeLimit(.minutes(1)))
    func bootClockIsMonotonicAndAdvances() async throws {
        var previous = BootClock.nowNanoseconds()
        for _ in 0..<1000 {
            let now = BootClock.nowNanoseconds()
            #expect(now >= previous)
            previous = now
        }
        let before = BootClock.nowNanoseconds()
        try await Task.sleep(for: .milliseconds(20))
        let elapsed = BootClock.nowNanoseconds() - before
        #expect(elapsed >= 20_000_000)
        #expect(elapsed < 10_000_000_000)
    }

    @Test(arguments: [(CInt(0), true), (1, true), (2, true), (3, true), (4, true), (5, false)])
    func clockSyncDecision(result: CInt, synchronized: Bool) {
        #expect(ClockSync.isSynchronized(adjtimexResult: result) == synchronized)
    }

    @Test func clockSyncAsksTheKernel() throws {
        let state = try ClockSync.readClockState()
        #expect((0...5).contains(state))
        #expect(try ClockSync.isSynchronized() == (state != 5))
    }

    @Test func funnelThrowsTypedErrorsCatchableByCode() {
        let path = "/nonexistent-edgetrace/\(UInt32.random(in: 0 ... .max))"
        do {
            _ = try FileDescriptor.open(path, O_RDONLY | O_CLOEXEC)
            Issue.record("opened a missing file")
        } catch SystemError.Code.noSuchFile {
            // expected
        } catch {
            Issue.record("wrong error \(error)")
        }
        let error = SystemError("open", code: .noSuchFile, path: path)
        #expect(error.description.contains("open(\(path))"))
        #expect(error.description.contains("ENOENT"))
        #expect(error.message == "No such file or directory")
        #expect(!error.isTransient)
        #expect(SystemError("read", code: .interrupted).isTransient)
    }

    @Test func funnelRetriesEINTR() throws {
        var calls = 0
        let result = try retryingOnEINTR("fake") { () -> CInt in
            calls += 1
            if calls < 3 {
                errno = EINTR
                return -1
            }
            return 42
        }
        #expect(result == 42)
        #expect(calls == 3)
    }

    @Test(arguments: [
        (Duration.zero, CInt(0)), (.nanoseconds(1), 1), (.milliseconds(5), 5), (.microseconds(5500), 6),
        (.seconds(2), 2000), (.seconds(-1), 0), (.seconds(Int64.max / 2), CInt.max),
    ])
    func pollTimeoutRoundsUp(duration: Duration, milliseconds: CInt) {
        #expect(FileDescriptor.pollMilliseconds(duration) == milliseconds)
    }

    @Test func symbolicLinkReplacementAndRealPath() throws {
        let directory = try FileSystem.makeTemporaryDirectory(prefix: "edgetrace-fs-")
        defer { try? FileSystem.removeTree(directory) }
        try FileSystem.createDirectory("\(directory)/serial/by-id")
        let link = "\(directory)/serial/by-id/usb-Test_Scanner-if00"
        try FileSystem.replaceSymbolicLink(at: link, pointingTo: "/dev/null")
        #expect(try FileSystem.realPath(link) == "/dev/null")
        try FileSystem.replaceSymbolicLink(at: link, pointingTo: "/dev/zero")
        #expect(try FileSystem.realPath(link) == "/dev/zero")
        try FileSystem.removeTree(directory)
        #expect(!FileSystem.exists(directory))
    }

    @Test(.timeLimit(.minutes(1)))
    func dedicatedThreadReturnsAndThrows() async throws {
        let value = try await DedicatedThread.run { 6 * 7 }
        #expect(value == 42)
        await #expect(throws: SystemError.self) {
            try await DedicatedThread.run { throw SystemError("test", code: .ioError) }
        }
    }

    @Test func pipeAndPseudoTerminal() throws {
        let pipe = try FileDescriptor.pipe()
        defer { try? pipe.read.close(); try? pipe.write.close() }
        try pipe.write.writeAll([1, 2, 3], timeout: .seconds(1))
        #expect(try pipe.read.read(maxBytes: 10) == [1, 2, 3])
        #expect(throws: SystemError.self) { try pipe.read.read(maxBytes: 10) }  // EAGAIN: non-blocking

        let terminal = try PseudoTerminal()
        #expect(terminal.slavePath.hasPrefix("/dev/pts/"))
        #expect(FileSystem.exists(terminal.slavePath))
        #expect(terminal.initialAttributes.c_lflag & tcflag_t(ICANON) != 0)
        try terminal.makeRaw()
        #expect(try terminal.slaveAttributes().c_lflag & tcflag_t(ICANON) == 0)
        terminal.close()
        terminal.close()
        #expect(terminal.isClosed)
        #expect(!FileSystem.exists(terminal.slavePath))
    }
}
