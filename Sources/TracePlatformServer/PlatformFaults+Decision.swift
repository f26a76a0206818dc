import PlatformParsing

/// What the faults decide for one batch post before its body is looked at.
public enum BatchFaultDecision: Equatable, Sendable {
    /// Read and process the batch.
    case proceed
    /// Close the connection without answering.
    case drop
    /// Answer with this status (and `Retry-After` when given) without processing the batch.
    case status(Int, retryAfter: String?)
}

extension PlatformFaults {
    /// Decides the fate of the next batch post and uses up one of the counted faults that applies.
    ///
    /// `drop` comes before `status`; a fault whose count reaches 0 is cleared, so
    /// `GET /v1/_faults` no longer shows it.
    public mutating func takeBatchDecision() -> BatchFaultDecision {
        if drop, dropCount.map({ $0 > 0 }) ?? true {
            if let remaining = dropCount {
                dropCount = remaining - 1
            }
            normalize()
            return .drop
        }
        if let status, statusCount.map({ $0 > 0 }) ?? true {
            let retryAfter = self.retryAfter
            if let remaining = statusCount {
                statusCount = remaining - 1
            }
            normalize()
            return .status(status, retryAfter: retryAfter)
        }
        return .proceed
    }

    /// Clears the counted faults that have no count left.
    public mutating func normalize() {
        if dropCount == 0 || !drop {
            drop = false
            dropCount = nil
        }
        if statusCount == 0 || status == nil {
            status = nil
            statusCount = nil
            retryAfter = nil
        }
    }

    /// The first event, by position, that poisons its batch: its ID is in `poisonEventIDs`, or its
    /// JSON text contains `poisonSubstring`.
    func firstPoison(in events: [DecodedEvent]) -> DecodedEvent? {
        if poisonEventIDs.isEmpty && poisonSubstring == nil { return nil }
        let poisonIDs = Set(poisonEventIDs)
        return events.first { event in
            if let id = event.eventID, poisonIDs.contains(id) { return true }
            if let poisonSubstring, event.json.contains(poisonSubstring) { return true }
            return false
        }
    }
}
