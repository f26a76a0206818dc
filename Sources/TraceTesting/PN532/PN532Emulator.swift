import Foundation
import Synchronization
import SystemSupport

/// A software PN532 NFC reader on a pseudo-terminal, speaking the chip's UART host protocol (NXP UM0701-02),
/// for tests that drive libnfc's real `pn532_uart` driver: `pn532_uart:` + ``stablePath`` (or ``path``).
///
/// It answers the commands libnfc 1.8 sends (wake-up preamble, SAMConfiguration, Diagnose echo,
/// GetFirmwareVersion, Read/WriteRegister, SetParameters, RFConfiguration, InListPassiveTarget, InAutoPoll,
/// InDataExchange, InCommunicateThru with or without CRC_A, InDeselect, InRelease, PowerDown), ACKs every
/// command, and stops a running one when the host sends an ACK (libnfc's `nfc_abort_command`).
///
/// A tag is put on the reader with ``place(_:)`` and taken off with ``remove()``. An InAutoPoll with no tag in
/// the field waits, as the chip does, until a tag comes, its polls run out, or the host aborts.
/// ``unplug()`` closes the master (the host's reads fail, the slave disappears, ``stablePath`` is removed);
/// ``replug()`` is a new pty with ``stablePath`` pointing at it.
///
/// One thread of its own serves the pty; every method may be called from any task.
public final class PN532Emulator: Sendable {
    /// The firmware GetFirmwareVersion reports: IC 0x32 (PN532), version 1.6, support ISO14443A, B and ISO18092.
    public static let firmware: [UInt8] = [0x32, 0x01, 0x06, 0x07]

    struct State {
        var terminal: PseudoTerminal?
        var slavePath: String
        var buffer: [UInt8] = []
        var tag: EmulatedNFCTag?
        /// The tag has been selected (InListPassiveTarget / InAutoPoll) since it was placed.
        var selected = false
        var registers: [UInt16: UInt8] = [0x6302: 0x80, 0x6303: 0x80]
        /// An InAutoPoll waiting for a tag: its parameters and when its polls run out (nil: never).
        var pendingPoll: (types: [UInt8], deadline: ContinuousClock.Instant?)?
        var commands: [UInt8] = []
        var aborts = 0
        var stopped = false
        /// Answer nothing at all (a reader that hangs).
        var mute = false
    }

    let state: Mutex<State>
    /// The symbolic link kept pointing at the current slave, when one was asked for.
    public let stablePath: String?

    /// Plugs in a reader: a new pty (raw mode), the link at `stablePath`, and the serving thread.
    public init(stablePath: String? = nil) throws(SystemError) {
        let terminal = try PseudoTerminal(nonBlocking: true)
        try terminal.makeRaw()
        self.stablePath = stablePath
        if let stablePath {
            if let slash = stablePath.lastIndex(of: "/"), slash != stablePath.startIndex {
                try FileSystem.createDirectory(String(stablePath[..<slash]))
            }
            try FileSystem.replaceSymbolicLink(at: stablePath, pointingTo: terminal.slavePath)
        }
        state = Mutex(State(terminal: terminal, slavePath: terminal.slavePath))
        let thread = Thread { [weak self] in
            while let emulator = self, !emulator.serveOnce() {}
        }
        thread.name = "PN532Emulator"
        thread.start()
    }

    deinit { close() }

    /// The current slave device, e.g. `/dev/pts/7`.
    public var path: String { state.withLock { $0.slavePath } }
    /// The connstring libnfc opens this reader with: `pn532_uart:` + ``stablePath`` (or ``path``).
    public var connstring: String { "pn532_uart:" + (stablePath ?? path) }

    /// Puts `tag` on the reader (replacing any other).
    public func place(_ tag: EmulatedNFCTag) {
        state.withLock { $0.tag = tag; $0.selected = false }
    }

    /// Takes the tag off the reader.
    public func remove() {
        state.withLock { $0.tag = nil; $0.selected = false }
    }

    /// Makes the reader answer nothing (true) or behave again (false).
    public func setMute(_ mute: Bool) {
        state.withLock { $0.mute = mute }
    }

    /// Every command code received so far, in order (e.g. 0x00 Diagnose, 0x60 InAutoPoll).
    public var commandsReceived: [UInt8] { state.withLock { $0.commands } }
    /// How many running commands the host aborted with an ACK.
    public var abortsReceived: Int { state.withLock { $0.aborts } }
    /// True while an InAutoPoll waits for a tag.
    public var isPolling: Bool { state.withLock { $0.pendingPoll != nil } }
    /// False between ``unplug()`` and ``replug()``.
    public var isPlugged: Bool { state.withLock { $0.terminal != nil } }

    /// Waits until `condition` holds, polling every 5 ms; false after `timeout`.
    public func wait(timeout: Duration = .seconds(10), until condition: (PN532Emulator) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition(self)
    }

    /// Pulls the reader out: closes the master and removes ``stablePath``. Idempotent.
    public func unplug() {
        let terminal = state.withLock { s in
            defer { s.terminal = nil; s.buffer = []; s.pendingPoll = nil; s.selected = false }
            return s.terminal
        }
        terminal?.close()
        if let stablePath { try? FileSystem.removeFile(stablePath) }
    }

    /// Plugs the reader back in as a new pty and re-points ``stablePath`` at it.
    public func replug() throws(SystemError) {
        unplug()
        let terminal = try PseudoTerminal(nonBlocking: true)
        try terminal.makeRaw()
        if let stablePath {
            try FileSystem.replaceSymbolicLink(at: stablePath, pointingTo: terminal.slavePath)
        }
        state.withLock { s in
            s.terminal = terminal
            s.slavePath = terminal.slavePath
            s.registers = [0x6302: 0x80, 0x6303: 0x80]
        }
    }

    /// Unplugs and stops the serving thread. Idempotent.
    public func close() {
        state.withLock { $0.stopped = true }
        unplug()
    }

    /// One turn of the serving thread: read what the host wrote, answer complete frames, finish a waiting
    /// InAutoPoll. Returns true when the emulator was closed.
    private func serveOnce() -> Bool {
        let (terminal, stopped) = state.withLock { ($0.terminal, $0.stopped) }
        if stopped { return true }
        guard let terminal else {
            Thread.sleep(forTimeInterval: 0.01)
            return false
        }
        let events = (try? terminal.master.poll(.readable, timeout: .milliseconds(10))) ?? []
        if events.contains(.hangUp) && !events.contains(.readable) {
            // Nobody has the slave open: nothing to serve, and a waiting poll has no one to answer to.
            state.withLock { $0.pendingPoll = nil }
            Thread.sleep(forTimeInterval: 0.01)
            return false
        }
        var out: [UInt8] = []
        state.withLock { s in
            guard s.terminal === terminal else { return }
            if events.contains(.readable), let bytes = try? terminal.master.read(maxBytes: 4096) {
                s.buffer += bytes
            }
            while let frame = PN532Frame.take(from: &s.buffer) {
                out += Self.handle(frame, &s)
            }
            out += Self.finishPoll(&s)
            if s.mute { out = [] }
        }
        if !out.isEmpty { try? terminal.master.writeAll(out, timeout: .seconds(1)) }
        return false
    }
}
