import Testing
@testable import TraceModel

@Suite("Station modes: command barcodes and packing sessions")
struct StationModeTests {
    static let sscc1 = "]C100069012340000000016"
    static let sscc2 = "]C100069012340000000023"
    static func child(_ n: Int) -> String { "]C1010690123456789221SN\(n)" }
    static let lotChild = "]C1010690123456789210L1"

    static func reading(_ text: String, at ns: UInt64) -> Reading {
        Reading(device: DeviceRef(id: "scanner-1", driver: "serial"), payload: .barcode(bytes: Array(text.utf8), symbology: nil),
                stamp: CaptureStamp(time: EventTime(unixMillis: 1_796_000_000_000 + Int64(ns / 1_000_000), offsetSeconds: 28800),
                                    clock: ClockInfo(synced: true, bootID: "boot", uptimeNs: ns)))
    }

    static func interpreter(mode: PackingMode = .pack, timeoutNs: UInt64 = 0) -> Interpreter {
        var i = Interpreter(gateway: "pack-1", context: StationContext(readPoint: "urn:epc:id:sgln:6901234.00001.0", bizStep: "packing",
                                                                       operator: "op-7"),
                            prefixes: .only(["6901234": 7]), dedupWindowNs: 0)
        i.mode = mode
        i.aggregationTimeoutNs = timeoutNs
        i.commands = [
            StationCommand(code: "CMD:QC-PASS", action: .disposition, value: "conformant"),
            StationCommand(code: "CMD:DAMAGED", action: .disposition, value: "damaged"),
            StationCommand(code: "CMD:SHIP", action: .bizStep, value: "shipping"),
            StationCommand(code: "WO:", action: .workOrder, prefix: true),
            StationCommand(code: "CMD:CLOSE", action: .close),
            StationCommand(code: "CMD:CANCEL", action: .cancel),
            StationCommand(code: "CMD:UNPACK", action: .mode, value: "unpack"),
        ]
        return i
    }

    @Test("children then a parent SSCC: one ADD with the children, scans kept")
    func childrenThenParent() throws {
        var i = Self.interpreter()
        var events: [TraceEvent] = []
        var t: UInt64 = 1_000_000
        for text in [Self.child(1), Self.child(2), Self.child(2), Self.lotChild, Self.lotChild, Self.sscc1] {
            events += i.process(Self.reading(text, at: t)); t += 1_000_000
        }
        #expect(events.map(\.kind) == [.scan, .scan, .scan, .scan, .scan, .scan, .aggregation])
        let a = try #require(events.last?.aggregation)
        #expect(a.action == "ADD" && a.closedBy == "parent")
        #expect(a.parentID == "urn:epc:id:sscc:6901234.0000000001")
        #expect(a.childEPCs == ["urn:epc:id:sgtin:6901234.056789.SN1", "urn:epc:id:sgtin:6901234.056789.SN2"])
        #expect(a.childQuantities == [.init(epcClass: "urn:epc:class:lgtin:6901234.056789.L1", quantity: 2)])
        #expect(events.last?.context.bizStep == "packing")
        // The next children start a new session.
        let next = i.process(Self.reading(Self.child(3), at: t)) + i.process(Self.reading(Self.sscc2, at: t + 1))
        #expect(next.last?.aggregation?.childEPCs == ["urn:epc:id:sgtin:6901234.056789.SN3"])
    }

    @Test("parent first, then children, closed by the close command or by the timeout", arguments: ["close", "timeout"])
    func parentFirst(_ how: String) throws {
        var i = Self.interpreter(timeoutNs: 5_000_000_000)
        var events = i.process(Self.reading(Self.sscc1, at: 1)) + i.process(Self.reading(Self.child(1), at: 2))
        events += i.process(Self.reading(Self.child(2), at: 3))
        if how == "close" {
            events += i.process(Self.reading("CMD:CLOSE", at: 4))
            #expect(events.suffix(2).map(\.kind) == [.command, .aggregation])
        } else {
            events += i.process(Self.reading(Self.child(9), at: 10_000_000_000))   // long after: the session closed first
            #expect(events.suffix(2).map(\.kind) == [.aggregation, .scan])
            // Closed when the timeout ran out (5 s after the last child), not when the late read came.
            let closed = try #require(events.first { $0.kind == .aggregation })
            #expect(closed.clock.uptimeNs == 5_000_000_003)
            #expect(closed.time.unixMillis == Self.reading(Self.child(2), at: 3).stamp.time.unixMillis + 5000)
        }
        let a = try #require(events.first { $0.kind == .aggregation }?.aggregation)
        #expect(a.parentID == "urn:epc:id:sscc:6901234.0000000001" && a.childEPCs.count == 2 && a.closedBy == how)
    }

    /// When the store refuses a read's own event, the pipeline gives the interpretation back with
    /// notCaptured(_:_:). A refused child used to stay in the open aggregation: the ADD named a child whose scan
    /// was never stored, and the operator's rescan after the NAK was not counted again.
    @Test("a child the store refused is not aggregated; its rescan is")
    func refusedChild() throws {
        var i = Self.interpreter()
        _ = i.process(Self.reading(Self.child(1), at: 1_000_000))
        let refused = i.interpretReading(Self.reading(Self.child(2), at: 2_000_000))
        #expect(refused.ownIndex == 0 && refused.events.map(\.kind) == [.scan])
        i.notCaptured(Self.reading(Self.child(2), at: 2_000_000), refused)
        var closed = i.process(Self.reading(Self.sscc1, at: 3_000_000))
        #expect(closed.last?.aggregation?.childEPCs == ["urn:epc:id:sgtin:6901234.056789.SN1"])

        _ = i.process(Self.reading(Self.child(3), at: 4_000_000))
        let refusedLot = i.interpretReading(Self.reading(Self.lotChild, at: 5_000_000))
        i.notCaptured(Self.reading(Self.lotChild, at: 5_000_000), refusedLot)
        _ = i.process(Self.reading(Self.lotChild, at: 6_000_000))   // the rescan after the NAK
        closed = i.process(Self.reading(Self.sscc2, at: 7_000_000))
        let a = try #require(closed.last?.aggregation)
        #expect(a.childEPCs == ["urn:epc:id:sgtin:6901234.056789.SN3"])
        #expect(a.childQuantities == [.init(epcClass: "urn:epc:class:lgtin:6901234.056789.L1", quantity: 1)])
    }

    @Test("a parent whose scan the store refused leaves the children open; scanned again it closes them")
    func refusedParent() throws {
        var i = Self.interpreter()
        _ = i.process(Self.reading(Self.child(1), at: 1_000_000))
        _ = i.process(Self.reading(Self.child(2), at: 2_000_000))
        let refused = i.interpretReading(Self.reading(Self.sscc1, at: 3_000_000))
        #expect(refused.events.map(\.kind) == [.scan, .aggregation])
        #expect(refused.ownIndex == 0, "the aggregation follows from the parent's scan")
        i.notCaptured(Self.reading(Self.sscc1, at: 3_000_000), refused)
        let again = i.process(Self.reading(Self.sscc1, at: 4_000_000))
        #expect(again.map(\.kind) == [.scan, .aggregation])
        #expect(again.last?.aggregation?.childEPCs.count == 2)
    }

    @Test("a read after the timeout: the timeout's aggregation comes first, the read's own event is the second")
    func ownEventAfterTimeoutClose() throws {
        var i = Self.interpreter(timeoutNs: 5_000_000_000)
        _ = i.process(Self.reading(Self.sscc1, at: 1))
        _ = i.process(Self.reading(Self.child(1), at: 2))
        let late = i.interpretReading(Self.reading("garbage\u{1}", at: 10_000_000_000))
        #expect(late.events.map(\.kind) == [.aggregation, .rejected])
        #expect(late.ownIndex == 1, "the verdict of the read is its own event's, not the timeout's aggregation")
        // Refused: the timeout's close stands (it did not come from this read).
        i.notCaptured(Self.reading("garbage\u{1}", at: 10_000_000_000), late)
        let next = i.process(Self.reading(Self.sscc2, at: 10_000_000_001))
        #expect(next.map(\.kind) == [.scan], "a parent scanned with no open session starts one: nothing to close")
    }

    @Test("commands change the context of following events and are recorded with who and when")
    func commands() throws {
        var i = Self.interpreter(mode: .off)
        let c = i.process(Self.reading("CMD:QC-PASS", at: 1))
        #expect(c.count == 1 && c[0].kind == .command)
        #expect(c[0].command == CommandInfo(code: "CMD:QC-PASS", action: "disposition", value: "conformant"))
        #expect(c[0].context.operator == "op-7")
        _ = i.process(Self.reading("]C0WO:1187-A", at: 2))
        _ = i.process(Self.reading("CMD:SHIP", at: 3))
        let scan = try #require(i.process(Self.reading(Self.child(1), at: 4)).first)
        #expect(scan.kind == .scan)
        #expect(scan.context.disposition == "conformant" && scan.context.workOrder == "1187-A" && scan.context.bizStep == "shipping")
        let damaged = i.process(Self.reading("CMD:DAMAGED", at: 5)) + i.process(Self.reading(Self.child(2), at: 6))
        #expect(damaged.last?.context.disposition == "damaged")
    }

    @Test("cancel drops the session; close without a parent says so; unpack mode records DELETE")
    func cancelAndUnpack() throws {
        var i = Self.interpreter()
        _ = i.process(Self.reading(Self.child(1), at: 1))
        let cancel = i.process(Self.reading("CMD:CANCEL", at: 2))
        #expect(cancel.map(\.kind) == [.command] && cancel[0].command?.note?.contains("1 children cancelled") == true)
        #expect(i.process(Self.reading(Self.sscc1, at: 3)).map(\.kind) == [.scan], "no children: the SSCC opens a session")
        _ = i.process(Self.reading("CMD:CANCEL", at: 4))
        _ = i.process(Self.reading(Self.child(2), at: 5))
        let close = i.process(Self.reading("CMD:CLOSE", at: 6))
        #expect(close.map(\.kind) == [.command] && close[0].command?.note?.contains("no parent") == true)
        _ = i.process(Self.reading("CMD:UNPACK", at: 7))
        let unpack = i.process(Self.reading(Self.sscc2, at: 8))
        #expect(unpack.map(\.kind) == [.scan, .aggregation])
        #expect(unpack.last?.aggregation == AggregationInfo(action: "DELETE", parentID: "urn:epc:id:sscc:6901234.0000000002", closedBy: "unpack"))
    }

    @Test("command and aggregation events have stable, distinct IDs and canonical JSON equal to JSONEncoder's")
    func canonical() throws {
        var i = Self.interpreter()
        let events = i.process(Self.reading(Self.child(1), at: 1)) + i.process(Self.reading(Self.lotChild, at: 2))
            + i.process(Self.reading(Self.sscc1, at: 3)) + i.process(Self.reading("CMD:QC-PASS", at: 4))
        #expect(Set(events.map(\.eventID)).count == events.count)
        for e in events {
            #expect(try e.canonicalBytes() == Array(try TraceEvent.canonicalEncoder.encode(e)))
        }
        var again = Self.interpreter()
        let replay = again.process(Self.reading(Self.child(1), at: 1)) + again.process(Self.reading(Self.lotChild, at: 2))
            + again.process(Self.reading(Self.sscc1, at: 3)) + again.process(Self.reading("CMD:QC-PASS", at: 4))
        #expect(replay.map(\.eventID) == events.map(\.eventID))
    }
}
