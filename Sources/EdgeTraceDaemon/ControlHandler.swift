import EdgeTraceControl
import Foundation
import TraceStore
import TraceSync

/// Carries out control requests against the running daemon's parts.
struct ControlHandler: Sendable {
    let store: TraceStore
    /// Nil when no `[upstream]` is configured.
    let upload: UploadControl?
    let reloader: ConfigReloader

    func handle(_ request: ControlRequest, actor: String) async -> ControlResponse {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        switch request.command {
        case .sync:
            guard let upload else { return Self.noUploader }
            await upload.syncNow()
            return ControlResponse(ok: true, message: upload.isPaused
                ? "uploading is paused: nothing is sent until edgetrace resume" : "the uploader is trying the queue now",
                paused: upload.isPaused)
        case .pause:
            guard let upload else { return Self.noUploader }
            let changed = await upload.pause()
            return ControlResponse(ok: true, message: changed
                ? "uploading paused: reads are still captured and stay queued (edgetrace resume)" : "uploading was already paused",
                paused: true)
        case .resume:
            guard let upload else { return Self.noUploader }
            let changed = await upload.resume()
            return ControlResponse(ok: true, message: changed ? "uploading resumed" : "uploading was not paused", paused: false)
        case .reload:
            return await reloader.reload(trigger: actor)
        case .quarantineRetry:
            do {
                let seqs = try store.requestRetry(seqs: request.all == true ? nil : request.seqs, actor: actor,
                                                  reason: request.reason, nowMillis: now)
                await upload?.syncNow()
                let note = upload == nil ? " (no [upstream] configured: they go when one is)" : ""
                return ControlResponse(ok: true, message: "\(seqs.count) event(s) queued for another upload\(note)", seqs: seqs)
            } catch {
                return .failure(.store, "\(error)")
            }
        case .quarantineDiscard:
            do {
                let seqs = try store.discard(seqs: request.all == true ? nil : request.seqs, reason: request.reason ?? "",
                                             actor: actor, nowMillis: now)
                return ControlResponse(ok: true, message: "\(seqs.count) event(s) discarded (kept in the local store, never sent)", seqs: seqs)
            } catch {
                return .failure(.store, "\(error)")
            }
        }
    }

    static let noUploader = ControlResponse.failure(
        .noUploader, "no [upstream] is configured: this station does not upload, so there is nothing to sync, pause or resume")
}
