/// Station modes: command barcodes and packing (aggregation) sessions. Pure, like the rest of the
/// interpreter: time comes from the readings, so the aggregation timeout is checked when the next
/// read arrives.
extension Interpreter {
    /// A badge tap seen by the last ``process(_:)``: the new operator's pseudonym, or nil when signed off;
    /// cleared by reading it.
    public mutating func takeOperatorChange() -> String?? {
        defer { operatorChange = nil }
        return operatorChange
    }

    /// Interprets one reading with the station's commands and packing mode; the events to store, in
    /// order (none for a duplicate):
    /// - a command barcode → one `command` event (the context changes for the following events);
    /// - in `pack` mode a scan is stored and collected as a child; an SSCC scan after children closes
    ///   them into an `aggregation` event (ADD) with that parent; an SSCC scanned first is the
    ///   parent of the children that follow, closed by a `close` command or the timeout;
    /// - in `unpack` mode an SSCC scan is stored and followed by an `aggregation` event (DELETE).
    public mutating func process(_ reading: Reading) -> [TraceEvent] {
        interpretReading(reading).events
    }

    /// What one reading became: the events to store, in order, and which of them is the reading's own.
    public struct Interpretation: Sendable {
        /// The events to store, in order (none for a duplicate or a badge tap).
        public var events: [TraceEvent]
        /// The index in ``events`` of the reading's own event (its scan, tag, value or command); nil when
        /// it has none. Events before it were completed by the time that passed (an aggregation closed by
        /// its timeout); events after it follow from it (the aggregation its parent scan or close command
        /// completes), and are not to be stored when it is not.
        public var ownIndex: Int?
        /// The packing session as the reading found it (after a timeout close) and as it left it.
        var sessionBefore: AggregationSession?
        var sessionAfter: AggregationSession?
    }

    /// ``process(_:)``, telling the reading's own event apart from the others; give the result to
    /// ``notCaptured(_:_:)`` when the reading's own event could not be stored.
    public mutating func interpretReading(_ reading: Reading) -> Interpretation {
        var result = Interpretation(events: [])
        result.events = processStation(reading, own: &result.ownIndex, sessionBefore: &result.sessionBefore)
        result.sessionAfter = session
        return result
    }

    /// The reading's own event was not stored: besides forgetting it for the dedup window (see
    /// ``notCaptured(_:)``), undo what it did to the packing session, so that scanning it again counts it
    /// (a child refused by the store is not aggregated; a parent whose scan was refused closes the same
    /// children when scanned again). When another read changed the session meanwhile, it is left as it is.
    public mutating func notCaptured(_ reading: Reading, _ interpretation: Interpretation) {
        notCaptured(reading)
        if interpretation.sessionBefore != interpretation.sessionAfter, session == interpretation.sessionAfter {
            session = interpretation.sessionBefore
        }
    }

    private mutating func processStation(_ reading: Reading, own: inout Int?, sessionBefore: inout AggregationSession?)
        -> [TraceEvent]
    {
        operatorChange = nil
        var out: [TraceEvent] = []
        if let open = session, aggregationTimeoutNs > 0, reading.stamp.clock.bootID != open.lastActivity.clock.bootID
            || reading.stamp.clock.uptimeNs > open.lastActivityNs &+ aggregationTimeoutNs {
            // The aggregation closed when the timeout ran out, not when this read came.
            var at = open.lastActivity
            at.clock.uptimeNs &+= aggregationTimeoutNs
            at.time.unixMillis += Int64(aggregationTimeoutNs / 1_000_000)
            out += closeSession(by: "timeout", stamp: at, device: reading.device)
        }
        sessionBefore = session
        if case .barcode(let bytes, _) = reading.payload, let text = RawText.decode(bytes),
           let (command, value) = matchCommand(text) {
            own = out.count
            out += apply(command, value: value, text: text, reading: reading)
            return out
        }
        let event: TraceEvent
        switch interpret(reading) {
        case .event(let e):
            event = e
        case .duplicate:
            return out
        case .operatorChanged(let pseudonym):
            operatorChange = .some(pseudonym)
            return out
        }
        own = out.count
        out.append(event)
        guard mode != .off, let identity = EPCISIdentity.of(event, prefixes: prefixes) else { return out }
        let isParent = (event.scan?.sscc ?? event.tag?.sscc) != nil
        switch mode {
        case .off:
            break
        case .unpack:
            if isParent, case .instance(let parent) = identity {
                out.append(aggregationEvent(AggregationInfo(action: "DELETE", parentID: parent, closedBy: "unpack"),
                                            stamp: reading.stamp, device: reading.device))
            }
        case .pack:
            let now = reading.stamp
            if isParent, case .instance(let parent) = identity {
                if var open = session, !open.isEmpty {
                    open.parentID = parent
                    session = open
                    out += closeSession(by: "parent", stamp: reading.stamp, device: reading.device)
                } else {
                    session = AggregationSession(parentID: parent, lastActivity: now)
                }
            } else {
                var open = session ?? AggregationSession(lastActivity: now)
                open.add(identity)
                open.lastActivity = now
                session = open
            }
        }
        return out
    }

    /// The command a scanned text is (exact codes first, then prefixes), with the value it sets.
    func matchCommand(_ text: String) -> (StationCommand, String?)? {
        var body = Substring(text)
        if let aim = AIMSymbologyIdentifier(leading: text), aim.content == .plain { body = body.dropFirst(3) }
        if let exact = commands.first(where: { !$0.prefix && $0.code == body }) { return (exact, exact.value) }
        if let p = commands.first(where: { $0.prefix && body.hasPrefix($0.code) && body.count > $0.code.count }) {
            return (p, p.value ?? String(body.dropFirst(p.code.count)))
        }
        return nil
    }

    /// The command event, then the aggregation a close command completes.
    private mutating func apply(_ command: StationCommand, value: String?, text: String, reading: Reading) -> [TraceEvent] {
        var note: String? = nil
        var extra: [TraceEvent] = []
        switch command.action {
        case .bizStep: context.bizStep = value
        case .disposition: context.disposition = value
        case .workOrder: context.workOrder = value
        case .mode:
            if let open = session, !open.isEmpty || open.parentID != nil {
                note = "mode changed with an open aggregation: it was dropped (the scans themselves are kept)"
            }
            session = nil
            mode = PackingMode(rawValue: value ?? "off") ?? .off
        case .close:
            if let open = session {
                if open.parentID == nil {
                    note = "no parent scanned: \(open.childEPCs.count + open.classCounts.values.reduce(0, +)) children not aggregated (scan the parent SSCC)"
                    session = nil
                } else if open.isEmpty {
                    note = "the parent has no children yet; nothing to close"
                } else {
                    extra = closeSession(by: "close", stamp: reading.stamp, device: reading.device)
                }
            } else {
                note = "no open aggregation"
            }
        case .cancel:
            note = session.map { "aggregation of \($0.childEPCs.count + $0.classCounts.values.reduce(0, +)) children cancelled" }
                ?? "no open aggregation"
            session = nil
        }
        var event = TraceEvent(
            eventID: TraceEvent.makeID(gateway: gateway, deviceID: reading.device.id, bootID: reading.stamp.clock.bootID,
                                       uptimeNs: reading.stamp.clock.uptimeNs, kind: .command, raw: reading.rawBytes),
            gateway: gateway, kind: .command, time: reading.stamp.time, clock: reading.stamp.clock,
            device: reading.device, context: context)
        event.command = CommandInfo(code: text, action: command.action.rawValue, value: value, note: note)
        return [event] + extra
    }

    /// Ends the open session: an aggregation event when it has a parent and children, else nothing.
    private mutating func closeSession(by reason: String, stamp: CaptureStamp, device: DeviceRef) -> [TraceEvent] {
        defer { session = nil }
        guard let open = session, let parent = open.parentID, !open.isEmpty else { return [] }
        let info = AggregationInfo(action: "ADD", parentID: parent, childEPCs: open.childEPCs,
                                   childQuantities: open.quantities, closedBy: reason)
        return [aggregationEvent(info, stamp: stamp, device: device)]
    }

    private func aggregationEvent(_ info: AggregationInfo, stamp: CaptureStamp, device: DeviceRef) -> TraceEvent {
        let key = ([info.action, info.parentID] + info.childEPCs + info.childQuantities.map { "\($0.epcClass)=\($0.quantity)" })
            .joined(separator: "\n")
        var event = TraceEvent(
            eventID: TraceEvent.makeID(gateway: gateway, deviceID: device.id, bootID: stamp.clock.bootID,
                                       uptimeNs: stamp.clock.uptimeNs, kind: .aggregation, raw: Array(key.utf8)),
            gateway: gateway, kind: .aggregation, time: stamp.time, clock: stamp.clock,
            device: device, context: context)
        event.aggregation = info
        return event
    }
}
