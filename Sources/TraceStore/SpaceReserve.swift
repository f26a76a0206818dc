import Foundation

/// A file of zeros kept beside the database (`<database>.reserve`). When the file system is full, SQLite
/// cannot even delete: the WAL needs room for every page a delete touches. The maintenance then removes
/// this file to get the room to prune synced history, and writes it again once space is back.
struct SpaceReserve: Sendable {
    /// How much the reserve holds.
    static let bytes = 2 << 20

    let path: String

    init(databasePath: String) {
        path = databasePath + ".reserve"
    }

    var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Writes the reserve when it is missing and the file system has room for it and `keepFree` more;
    /// best effort (true when it exists afterwards).
    @discardableResult
    func restore(keepFree: Int64) -> Bool {
        if exists { return true }
        let directory = (path as NSString).deletingLastPathComponent
        let free = ((try? FileManager.default.attributesOfFileSystem(forPath: directory.isEmpty ? "." : directory))?[.systemFreeSize]
            as? NSNumber)?.int64Value ?? 0
        guard free >= Int64(Self.bytes) + keepFree else { return false }
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: Data(count: Self.bytes), attributes: [.posixPermissions: 0o640]) else {
            try? FileManager.default.removeItem(atPath: partial)
            return false
        }
        do {
            try FileManager.default.moveItem(atPath: partial, toPath: path)
            return true
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            return false
        }
    }

    /// Removes the reserve; true when there was one to give back.
    func release() -> Bool {
        (try? FileManager.default.removeItem(atPath: path)) != nil
    }
}
