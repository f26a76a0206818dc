/// The PN532 commands (UM0701-02 §7), answered from the emulator's state.
extension PN532Emulator {
    /// Bytes to write for one frame from the host.
    static func handle(_ frame: PN532Frame, _ s: inout State) -> [UInt8] {
        switch frame {
        case .ack:
            // The host aborts the running command: a waiting InAutoPoll ends without an answer.
            if s.pendingPoll != nil { s.aborts += 1 }
            s.pendingPoll = nil
            return []
        case .nack, .corrupt:
            return []
        case .command(let command):
            let code = command[0]
            let params = Array(command.dropFirst())
            s.commands.append(code)
            s.pendingPoll = nil
            guard let data = answer(code, params, &s) else {
                if code == 0x60 { return PN532Frame.ackBytes }  // InAutoPoll waits: ACK now, answer later
                return PN532Frame.ackBytes + PN532Frame.errorBytes
            }
            return PN532Frame.ackBytes + PN532Frame.response(to: code, data)
        }
    }

    /// The answer data of one command; nil for InAutoPoll that has to wait, and for commands the chip
    /// would refuse (answered with an error frame).
    static func answer(_ code: UInt8, _ p: [UInt8], _ s: inout State) -> [UInt8]? {
        switch code {
        case 0x00:  // Diagnose
            guard let test = p.first else { return nil }
            switch test {
            case 0x00: return p  // communication test: echo NumTst and the data
            case 0x06: return [s.tag != nil && s.selected ? 0x00 : 0x01]  // card presence
            default: return [0x00]
            }
        case 0x02:  // GetFirmwareVersion
            return PN532Emulator.firmware
        case 0x04:  // GetGeneralStatus: no error, field on, no target
            return [0x00, 0x01, 0x00, 0x00]
        case 0x06:  // ReadRegister: one byte per address pair
            var out: [UInt8] = []
            var i = 0
            while i + 1 < p.count {
                out.append(s.registers[UInt16(p[i]) << 8 | UInt16(p[i + 1])] ?? 0)
                i += 2
            }
            return out
        case 0x08:  // WriteRegister: address pairs and values
            var i = 0
            while i + 2 < p.count {
                s.registers[UInt16(p[i]) << 8 | UInt16(p[i + 1])] = p[i + 2]
                i += 3
            }
            return []
        case 0x12, 0x14:  // SetParameters, SAMConfiguration
            return []
        case 0x16:  // PowerDown
            s.selected = false
            return [0x00]
        case 0x32:  // RFConfiguration; item 1 = RF field: off deselects the tag
            if p.first == 0x01, p.count >= 2, p[1] & 0x01 == 0 { s.selected = false }
            return []
        case 0x4A:  // InListPassiveTarget MaxTg BrTy [InitiatorData]
            guard p.count >= 2 else { return nil }
            let brty = p[1]
            guard let tag = s.tag, let data = targetData(tag, forBaudType: brty) else { return [0x00] }
            s.selected = true
            return [0x01] + data
        case 0x60:  // InAutoPoll PollNr Period Type1…
            guard p.count >= 3 else { return nil }
            let types = Array(p.dropFirst(2))
            if let found = autoPollAnswer(types, &s) { return found }
            let polls = Int(p[0]), period = Int(p[1])
            let deadline: ContinuousClock.Instant? = polls == 0xFF ? nil
                : .now + .milliseconds(max(1, polls) * max(1, period) * 150 * types.count)
            s.pendingPoll = (types, deadline)
            return nil
        case 0x40:  // InDataExchange Tg Data: status, then the tag's answer
            guard p.count >= 2 else { return nil }
            return exchange(Array(p.dropFirst()), crcByHost: false, &s)
        case 0x42:  // InCommunicateThru Data: raw; with CRC off (TxMode/RxMode bit 7) the host adds and checks CRC_A
            let crcByHost = (s.registers[0x6302] ?? 0x80) & 0x80 == 0
            return exchange(p, crcByHost: crcByHost, &s)
        case 0x44, 0x52:  // InDeselect, InRelease
            s.selected = false
            return [0x00]
        default:
            return nil
        }
    }

    /// Answers a waiting InAutoPoll once a tag is there or its polls ran out.
    static func finishPoll(_ s: inout State) -> [UInt8] {
        guard let pending = s.pendingPoll else { return [] }
        if let found = autoPollAnswer(pending.types, &s) {
            s.pendingPoll = nil
            return PN532Frame.response(to: 0x60, found)
        }
        if let deadline = pending.deadline, ContinuousClock.now >= deadline {
            s.pendingPoll = nil
            return PN532Frame.response(to: 0x60, [0x00])
        }
        return []
    }

    /// `NbTg Type Len TargetData` for the first requested type the tag in the field answers to; nil when none.
    static func autoPollAnswer(_ types: [UInt8], _ s: inout State) -> [UInt8]? {
        guard let tag = s.tag else { return nil }
        for type in types {
            let brty: UInt8
            switch type {
            case 0x00, 0x10: brty = 0x00  // generic passive 106 kbit/s type A, MIFARE
            case 0x20:  // ISO14443-4A: only tags whose SAK says so
                guard tag.sak & 0x20 != 0 else { continue }
                brty = 0x00
            case 0x01, 0x11: brty = 0x01  // FeliCa 212
            case 0x02, 0x12: brty = 0x02  // FeliCa 424
            case 0x03: brty = 0x03  // ISO/IEC 14443-3B 106 kbit/s
            case 0x23:  // ISO/IEC 14443-4B: only cards whose Protocol Info says -4 compliant
                guard case .iso14443b(_, let protocolInfo) = tag.kind, protocolInfo[1] & 0x01 != 0 else { continue }
                brty = 0x03
            default: continue
            }
            guard let data = targetData(tag, forBaudType: brty) else { continue }
            s.selected = true
            return [0x01, type, UInt8(data.count)] + data
        }
        return nil
    }

    /// TargetData of InListPassiveTarget (UM0701-02 §7.3.5): `Tg SENS_RES(2) SEL_RES NFCIDLength NFCID1` for
    /// type A; `Tg POL_RES-length 01 NFCID2(8) PAD(8) SYST_CODE(2)` for FeliCa; `Tg ATQB(12) ATTRIB_RES-length
    /// ATTRIB_RES` for type B (the chip sends ATTRIB itself; the answer's first byte is MBLI/CID).
    static func targetData(_ tag: EmulatedNFCTag, forBaudType brty: UInt8) -> [UInt8]? {
        switch (tag.kind, brty) {
        case (.type2, 0x00):
            return [0x01] + tag.atqa + [tag.sak, UInt8(tag.uid.count)] + tag.uid
        case (.felica(let systemCode), 0x01), (.felica(let systemCode), 0x02):
            let pad: [UInt8] = [0x00, 0xF0, 0x00, 0x00, 0x02, 0x06, 0x03, 0x00]
            return [0x01, 0x14, 0x01] + tag.uid + pad + systemCode
        case (.iso14443b(let applicationData, let protocolInfo), 0x03):
            return [0x01, 0x50] + tag.uid + applicationData + protocolInfo + [0x01, 0x00]
        default:
            return nil
        }
    }

    /// A frame for the selected tag; status 0x01 (timeout) when no tag answers.
    static func exchange(_ data: [UInt8], crcByHost: Bool, _ s: inout State) -> [UInt8] {
        guard s.selected, var tag = s.tag else { return [0x01] }
        var command = data
        if crcByHost {
            guard command.count >= 3, crcA(Array(command.dropLast(2))) == Array(command.suffix(2)) else { return [0x02] }  // CRC error
            command.removeLast(2)
        }
        guard let reply = tag.answer(command) else {
            // A Type 2 tag answers an unknown command (GET_VERSION on an Ultralight) with a NAK and goes to HALT:
            // it answers nothing more until it is selected again.
            s.selected = false
            return [0x01]
        }
        s.tag = tag
        return [0x00] + (crcByHost && !reply.isEmpty ? reply + crcA(reply) : reply)
    }
}
