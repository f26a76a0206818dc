import EdgeTraceConfig
import EdgeTraceControl
import Logging
import TraceModel

/// Re-reads the configuration file while the daemon runs (`edgetrace reload`, SIGHUP) without dropping
/// reads: devices whose settings did not change keep running; changed, added and removed ones are
/// restarted, started and stopped (``DeviceSupervisor``); the station context and interpreter settings
/// apply to the events that follow. An invalid file is refused with its FILE:LINE error and the running
/// configuration stays. Store, upstream and daemon settings take effect at the next start (the answer
/// says which changed).
actor ConfigReloader {
    private var current: EdgeTraceConfiguration
    private let pipeline: CapturePipeline
    private let supervisor: DeviceSupervisor
    private let logger: Logger

    init(configuration: EdgeTraceConfiguration, pipeline: CapturePipeline, supervisor: DeviceSupervisor, logger: Logger) {
        self.current = configuration
        self.pipeline = pipeline
        self.supervisor = supervisor
        self.logger = logger
    }

    /// Reloads from the file the daemon was started with; `trigger` ("SIGHUP", "uid 0 (pid 7)") is logged.
    func reload(trigger: String) async -> ControlResponse {
        let next: EdgeTraceConfiguration
        do {
            next = try ConfigLoader.load(path: current.file)
        } catch {
            logger.error("reload refused: the new configuration is invalid; the running one stays in force",
                         metadata: ["config.error": "\(error)", "reload.trigger": "\(trigger)"])
            return .failure(.invalidConfig, "configuration NOT reloaded, the running one stays in force: \(error)")
        }
        var needsRestart: [String] = []
        if next.store != current.store { needsRestart.append("store") }
        if next.upstream != current.upstream { needsRestart.append("upstream") }
        if next.daemon != current.daemon { needsRestart.append("daemon") }
        if next.backup != current.backup { needsRestart.append("backup") }
        if next.station.gateway != current.station.gateway { needsRestart.append("station.gateway") }
        if next.station.utcOffsetSeconds != current.station.utcOffsetSeconds { needsRestart.append("station.utc_offset") }
        if next.interpreter.dedupWindowMs != current.interpreter.dedupWindowMs
            || next.devices.map(\.dedupWindowMs) != current.devices.map(\.dedupWindowMs) {
            needsRestart.append("dedup windows")
        }
        let station = next.station, interp = next.interpreter
        await pipeline.reconfigure { i in
            i.context = station.context
            i.prefixes = CompanyPrefixTable(overrides: interp.companyPrefixes)
            i.acceptNonGS1 = interp.acceptNonGS1
            i.decodeEPCHex = interp.decodeEPCHex
        }
        let changes = await supervisor.apply(next.devices)
        current = next
        let summary = ReloadSummary(started: changes.started, stopped: changes.stopped, restarted: changes.restarted,
                                    unchanged: changes.unchanged, needsRestart: needsRestart)
        var message = "configuration reloaded from \(next.file): \(changes.started.count) device(s) started, "
            + "\(changes.stopped.count) stopped, \(changes.restarted.count) restarted, \(changes.unchanged.count) unchanged"
        if !needsRestart.isEmpty {
            message += "; changed settings that need a restart of edgetraced: \(needsRestart.joined(separator: ", "))"
        }
        logger.notice("configuration reloaded", metadata: [
            "reload.trigger": "\(trigger)", "devices.started": "\(changes.started)", "devices.stopped": "\(changes.stopped)",
            "devices.restarted": "\(changes.restarted)", "reload.needs_restart": "\(needsRestart)",
        ])
        return ControlResponse(ok: true, message: message, reload: summary)
    }
}
