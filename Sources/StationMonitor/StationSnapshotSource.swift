import Foundation
import TraceDevices
import TraceStore

/// Builds ``StationSnapshot``s from the running daemon's parts: the device board, the store's figures and
/// the status records the uploader and the disk-budget maintenance publish into the store.
public struct StationSnapshotSource: Sendable {
    let store: TraceStore
    let board: DeviceStatusBoard
    let gateway: String
    let startedMillis: Int64
    let limitBytes: Int64
    let minFreeBytes: Int64
    let recentCount: Int

    /// - Parameters:
    ///   - limitBytes: the database budget (`store.max_mb` in bytes, 0 = none); `minFreeBytes` likewise.
    ///   - recentCount: how many of the last events the snapshot lists.
    public init(store: TraceStore, board: DeviceStatusBoard, gateway: String, startedMillis: Int64,
                limitBytes: Int64, minFreeBytes: Int64, recentCount: Int = 10) {
        self.store = store
        self.board = board
        self.gateway = gateway
        self.startedMillis = startedMillis
        self.limitBytes = limitBytes
        self.minFreeBytes = minFreeBytes
        self.recentCount = recentCount
    }

    /// The station now.
    public func snapshot(nowMillis: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) async throws -> StationSnapshot {
        // The board first: the store's figures are then at least as new as the device counts.
        let devices = await board.snapshot().devices
        let figures = try store.monitorFigures()
        let records = (try? store.readStatus()) ?? [:]
        // Records older than this daemon are a previous run's: not shown as current.
        func current(_ key: String) -> Data? {
            guard let r = records[key], r.updatedMillis >= startedMillis else { return nil }
            return Data(r.json.utf8)
        }
        let upload = current("uploader").flatMap { try? JSONDecoder().decode(StationSnapshot.Upload.self, from: $0) }
        let refusing = current("budget").flatMap { try? JSONDecoder().decode(BudgetRecord.self, from: $0) }?.refusing ?? false
        return StationSnapshot(
            gateway: gateway, generatedMillis: nowMillis, startedMillis: startedMillis,
            devices: devices,
            queue: .init(unsynced: figures.unsynced, lastSeq: figures.lastSeq, cursor: figures.cursor,
                         oldestUnsyncedMillis: figures.oldestUnsyncedMillis, quarantined: figures.quarantined),
            upload: upload,
            budget: .init(databaseBytes: figures.databaseBytes, limitBytes: limitBytes, freeBytes: figures.freeDiskBytes,
                          minFreeBytes: minFreeBytes, refusing: refusing),
            recent: recentCount > 0 ? recent(lastSeq: figures.lastSeq) : [])
    }

    private struct BudgetRecord: Decodable { var refusing: Bool }

    private func recent(lastSeq: Int64) -> [StationSnapshot.RecentEvent] {
        let after = max(0, lastSeq - Int64(recentCount))
        guard let events = try? store.batch(after: after, limit: recentCount) else { return [] }
        return events.reversed().compactMap { stored in
            guard let json = try? JSONSerialization.jsonObject(with: Data(stored.body)) as? [String: Any] else { return nil }
            return RecentEventText.make(seq: stored.seq, json: json)
        }
    }
}
