import Foundation
import NFC
import SystemSupport
import TraceModel

/// An NFC/RFID reader driven by libnfc (PN532 over UART, ACR122U, PN533 USB …): waits for tags in a blocking
/// poll (on a PN532, InAutoPoll, which the chip runs until a tag comes), reads each arriving tag once (UID,
/// ATQA/SAK, and for NTAG21x/Ultralight the GET_VERSION answer and the memory holding the NDEF message),
/// then checks every `presenceIntervalMs` whether it is still there; a tag lying on the reader is one reading,
/// its departure is tracked (and, with `departureEvents`, delivered as a device-state reading).
///
/// Serial readers get an exclusive `flock` on their port (libnfc takes none). Shutdown and cancellation call
/// `nfc_abort_command`, again and again until the blocking call returned, so the daemon never hangs in a poll.
public struct NFCReaderDriver: StatusReportingDriver {
    public struct Options: Sendable, Hashable {
        /// libnfc connstring (`pn532_uart:/dev/ttyUSB0`, `acr122_usb`, …); nil: the first reader libnfc finds.
        public var connstring: String?
        /// What to poll for; modulations the reader does not support are left out.
        public var modulations: [NFCModulation]
        /// How often a tag on the reader is checked for presence.
        public var presenceIntervalMs: Int
        /// Deliver a reading when a tag leaves (kind `device`, state `tag_departed`).
        public var departureEvents: Bool
        /// Read GET_VERSION and the memory of Type 2 tags (NDEF).
        public var readNDEF: Bool

        public init(connstring: String?, modulations: [NFCModulation] = [.iso14443a], presenceIntervalMs: Int = 250,
                    departureEvents: Bool = false, readNDEF: Bool = true) {
            self.connstring = connstring
            self.modulations = modulations
            self.presenceIntervalMs = presenceIntervalMs
            self.departureEvents = departureEvents
            self.readNDEF = readNDEF
        }
    }

    public let ref: DeviceRef
    public let options: Options
    private let clock: CaptureClock

    public init(id: String, options: Options, clock: CaptureClock) {
        let path = options.connstring.flatMap(NFCPortClaim.serialPath(of:)) ?? options.connstring
        self.ref = DeviceRef(id: id, driver: "nfc", path: path)
        self.options = options
        self.clock = clock
    }

    /// What the reader thread hands over.
    enum Event: Sendable {
        case arrived(NFCTagRead, CaptureStamp)
        case departed([UInt8], CaptureStamp)
        case readError
    }

    public func run(sink: @escaping ReadingSink, onConnected: @Sendable (String) async -> Void,
                    report: @escaping DeviceStatusReport) async throws {
        let options = self.options
        let session: NFCSession
        do {
            session = try await DedicatedThread.run { try NFCSession(options: options) }
        } catch let error as NFCError {
            throw DeviceError(deviceID: ref.id, message: error.description, isTransient: error.isTransient)
        } catch let error as SystemError {
            let busy = error.code == .wouldBlock
            throw DeviceError(deviceID: ref.id, message: busy
                ? "\(error.path ?? "the port") is locked by another process (another edgetraced, or a tool holding the reader)"
                : error.description, isTransient: true)
        }
        defer { session.close() }
        let firmware = session.firmware
        await report { s in
            s.firmware = firmware
            s.tagPresent = nil
        }
        // What the port's stable name points at now (e.g. /dev/ttyUSB0), or the connstring of a USB reader.
        let resolved = options.connstring.flatMap(NFCPortClaim.serialPath(of:)).map {
            URL(fileURLWithPath: $0).resolvingSymlinksInPath().path
        } ?? session.device.connstring
        await onConnected(resolved)

        let stop = StopSignal()
        let finished = StopFlag()
        let (events, continuation) = AsyncThrowingStream<Event, any Error>.makeStream()
        let clock = self.clock
        let reader = Task {
            try await DedicatedThread.run {
                Self.readLoop(session: session, options: options, clock: clock, stop: stop, out: continuation)
                finished.set()
            }
        }
        let device = session.device
        let stopReader: @Sendable () -> Void = { stop.set(); device.abort() }
        // An abort that falls between two blocking calls is lost: once stopped, repeat it (every 200 ms) until the
        // reader ended. On a thread of its own that blocks until the stop, so that task cancellation cannot turn
        // its pauses into a busy loop (each
        // `nfc_abort_command` outside a blocking call leaks a pipe end in libnfc, and libnfc's select() aborts
        // the process once a descriptor passes FD_SETSIZE).
        let aborter = Task {
            try await DedicatedThread.run {
                stop.waitUntilSet()
                while !finished.isSet {
                    device.abort()
                    for _ in 0..<20 where !finished.isSet { usleep(10_000) }
                }
            }
        }
        var failure: (any Error)?
        do {
            try await withTaskCancellationHandler {
                try await withGracefulShutdownStop(stopReader) {
                    var badges = Set<[UInt8]>()
                    for try await event in events {
                        try await deliver(event, sink: sink, report: report, badges: &badges)
                    }
                }
            } onCancel: {
                stopReader()
            }
        } catch {
            failure = error
        }
        // The reader thread must be gone before the session is closed (libnfc is not thread-safe on one device).
        stop.set()
        _ = try? await reader.value
        _ = try? await aborter.value
        if let failure {
            throw DeviceError(deviceID: ref.id, message: (failure as? NFCError)?.description ?? "\(failure)", isTransient: true)
        }
    }

    /// `badges`: the UIDs on the reader that were operator badges (their departure is no event: it would carry the UID).
    private func deliver(_ event: Event, sink: ReadingSink, report: DeviceStatusReport, badges: inout Set<[UInt8]>) async throws {
        switch event {
        case .arrived(let read, let stamp):
            let verdict = await sink(Reading(device: ref, payload: .nfcTag(read), stamp: stamp))
            // A badge's UID is personal data: status shows that a badge lies there, not which.
            let shown = verdict == .badge ? "operator badge" : read.uidHex
            if verdict == .badge { badges.insert(read.uid) }
            await report { s in
                s.tagPresent = shown
                if read.readError != nil { s.errors = (s.errors ?? 0) + 1 }
            }
        case .departed(let uid, let stamp):
            await report { s in s.tagPresent = nil }
            if badges.remove(uid) == nil, options.departureEvents {
                let info = DeviceStateInfo(state: "tag_departed", message: Hex.encode(uid).uppercased())
                _ = await sink(Reading(device: ref, payload: .deviceState(info), stamp: stamp))
            }
        case .readError:
            await report { s in s.errors = (s.errors ?? 0) + 1 }
        }
    }

    /// Blocking: poll, read, track presence, until stopped or the reader fails.
    static func readLoop(session: NFCSession, options: Options, clock: CaptureClock, stop: StopSignal,
                         out: AsyncThrowingStream<Event, any Error>.Continuation) {
        let device = session.device
        var presence = NFCPresence()
        do {
            while !stop.isSet {
                // 0xFF: the chip polls until a tag comes; period 1 = 150 ms between its polls.
                let target: NFCTarget?
                do {
                    target = try device.poll(session.modulations, pollCount: 0xFF, period: 1)
                } catch NFCError.Code.aborted {
                    continue
                } catch NFCError.Code.timeout {
                    continue
                }
                guard let target else { continue }
                let stamp = clock.stamp()
                let read = NFCTagMemoryReader.read(target, readMemory: options.readNDEF, transceive: { bytes in
                    try device.transceive(bytes)
                }, reselect: {
                    guard try device.selectPassiveTarget(target.modulation)?.uid == target.uid else {
                        throw NFCError(.targetReleased, operation: "nfc_initiator_select_passive_target", message: "another tag answered")
                    }
                })
                for change in presence.observe(target.uid) {
                    if case .arrived = change { out.yield(.arrived(read, stamp)) }
                }
                // While it lies there: check, pause, check again.
                while !stop.isSet {
                    if !wait(ms: options.presenceIntervalMs, stop: stop) { break }
                    let present: Bool
                    do {
                        present = try device.isTargetPresent()
                    } catch NFCError.Code.aborted {
                        break
                    } catch NFCError.Code.timeout {
                        out.yield(.readError)
                        continue
                    }
                    if !present {
                        for change in presence.observe(nil) {
                            if case .departed(let uid) = change { out.yield(.departed(uid, clock.stamp())) }
                        }
                        break
                    }
                }
            }
            out.finish()
        } catch {
            if stop.isSet { out.finish() } else { out.finish(throwing: error) }
        }
    }

    /// Sleeps `ms` (one sleep, woken early by the stop); false when stopped meanwhile.
    static func wait(ms: Int, stop: StopSignal) -> Bool {
        !stop.wait(ms: ms)
    }
}
