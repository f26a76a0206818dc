import DeviceWiring
import EdgeTraceConfig
import Foundation
import Logging
import ServiceLifecycle
import SystemSupport
import TraceDevices
import TraceModel
import TraceStore
import TraceSync

/// Wires configuration to services: store, pipeline, devices, uploader, status; runs them in one ServiceGroup.
struct Daemon {
    let configuration: EdgeTraceConfiguration
    let logger: Logger

    func run() async throws {
        let store: TraceStore
        do {
            store = try TraceStore.open(path: configuration.store.path)
        } catch {
            logger.critical("cannot open the event store; nothing can be captured", metadata: ["store.error": "\(error)"])
            throw error
        }
        if let recovery = store.recovery {
            let note = ["movedTo": recovery.movedTo, "reason": recovery.reason,
                        "atMillis": String(Int64(Date().timeIntervalSince1970 * 1000))]
            if let data = try? JSONEncoder().encode(note) {
                try? store.writeStatus(key: "recovery", json: String(decoding: data, as: UTF8.self),
                                       nowMillis: Int64(Date().timeIntervalSince1970 * 1000))
            }
            logger.critical("THE EVENT DATABASE WAS CORRUPT: it was moved aside and a new one started; events in the old file that were not yet uploaded need recovery by hand",
                            metadata: ["store.moved_to": "\(recovery.movedTo)", "store.reason": "\(recovery.reason)"])
        }
        let stats = try store.stats()
        logger.info("event store open", metadata: [
            "store.path": "\(store.path)", "store.events": "\(stats.events)", "store.unsynced": "\(stats.unsynced)",
            "store.last_seq": "\(stats.lastSeq)",
        ])

        let station = configuration.station
        let interp = configuration.interpreter
        let badges: OperatorBadges?
        do {
            badges = try DriverFactory.operatorBadges(configuration)
        } catch {
            logger.critical("operator badges cannot work", metadata: ["badge.error": "\(error)"])
            throw error
        }
        var interpreter = Interpreter(
                gateway: station.gateway, context: station.context,
                prefixes: CompanyPrefixTable(overrides: interp.companyPrefixes), acceptNonGS1: interp.acceptNonGS1, decodeEPCHex: interp.decodeEPCHex,
                dedupWindowNs: UInt64(interp.dedupWindowMs) * 1_000_000,
                dedupWindowOverrides: Dictionary(uniqueKeysWithValues: configuration.devices.compactMap { d in
                    d.dedupWindowMs.map { (d.id, UInt64($0) * 1_000_000) }
                }))
        interpreter.badges = badges
        interpreter.commands = configuration.commands
        interpreter.mode = station.mode
        interpreter.aggregationTimeoutNs = UInt64(station.aggregationTimeoutMs) * 1_000_000
        let pipeline = CapturePipeline(interpreter: interpreter, store: store, logger: logger)
        let board = DeviceStatusBoard()
        let clock = CaptureClock(offsetSeconds: station.utcOffsetSeconds)

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        var uploadControl: UploadControl? = nil
        let notifier = SystemdNotifier()
        services.append(.init(service: StatusPublisher(store: store, board: board, notifier: notifier,
                                                       configuration: configuration, logger: logger)))
        services.append(.init(service: StoreMaintenance(store: store, configuration: configuration.store,
                                                        summarize: SensorSeries.summarize, logger: logger)))
        services += monitorServices(store: store, board: board)  // [metrics], [status_page]
        if let up = configuration.upstream {
            var upload = UploadConfiguration(
                baseURL: up.url, gateway: station.gateway, tokenFile: up.tokenFile, caFile: up.caFile,
                clientCertificateFile: up.clientCertFile, clientKeyFile: up.clientKeyFile,
                batchMaxEvents: up.batchMaxEvents, requestTimeout: .milliseconds(up.requestTimeoutMs),
                backoff: Backoff(base: .milliseconds(up.backoffInitialMs), cap: .milliseconds(up.backoffMaxMs)),
                unauthorizedBackoff: Backoff(
                    base: .milliseconds(up.unauthorizedBackoffInitialMs), cap: .milliseconds(up.unauthorizedBackoffMaxMs)),
                gzip: up.gzip)
            upload.insecure = up.insecure
            upload.gzipLevel = up.gzipLevel
            upload.batchMaxBytes = up.batchMaxBytes
            upload.upstreamProtocol = UpstreamProtocol(rawValue: up.protocolName) ?? .native
            upload.companyPrefixes = interp.companyPrefixes
            if up.insecure {
                logger.warning("TLS CERTIFICATE VERIFICATION IS OFF (upstream.insecure = true): anyone on the path can read and change events; use only with a platform under test")
            }
            uploadControl = UploadControl(store: store)
            services.append(.init(service: Uploader(store: store, config: upload, logger: logger, control: uploadControl)))
            logger.info("uploading to the platform", metadata: ["upload.url": "\(up.url)"])
        } else {
            logger.notice("no [upstream] configured: running offline, every event is kept in the local store")
            try? store.writeStatus(key: "uploader", json: #"{"link":"disabled","eventsPerSecond":0,"batchLimit":0,"delivered":0,"quarantined":0}"#,
                                   nowMillis: Int64(Date().timeIntervalSince1970 * 1000))
        }
        // Devices run under a supervisor so that a reload (edgetrace reload, SIGHUP) can change them one by one.
        let supervisor = DeviceSupervisor(board: board, clock: clock, sink: { await pipeline.handle($0) }, logger: logger)
        await supervisor.apply(configuration.devices)
        services += OperationServices.make(store: store, configuration: configuration, upload: uploadControl,
                                           reloader: ConfigReloader(configuration: configuration, pipeline: pipeline,
                                                                    supervisor: supervisor, logger: logger),
                                           logger: logger)
        services.append(.init(service: supervisor))
        if configuration.devices.isEmpty {
            logger.notice("no [[device]] configured: nothing will be read")
        }

        // Services stop in reverse order: devices first (their last reads are committed), then the uploader,
        // then the status publisher, which writes the final status.
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger))
        try await group.run()
        try? store.close()
        logger.info("stopped cleanly")
    }
}
