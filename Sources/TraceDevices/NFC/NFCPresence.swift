/// Presence tracking of the tag on a reader, as a value: one arrival per tag put down, one departure when it
/// is taken away, however many polls and presence checks happen between.
struct NFCPresence: Sendable, Equatable {
    enum Change: Sendable, Equatable {
        case arrived([UInt8])
        case departed([UInt8])
    }

    private(set) var present: [UInt8]?

    /// A poll found `uid` (or, nil, found nothing / the presence check failed).
    mutating func observe(_ uid: [UInt8]?) -> [Change] {
        if uid == present { return [] }
        var changes: [Change] = []
        if let old = present { changes.append(.departed(old)) }
        if let uid { changes.append(.arrived(uid)) }
        present = uid
        return changes
    }
}
