import EdgeTraceConfig
import Logging
import ServiceLifecycle
import TraceStore
import TraceSync

/// The services operators use on a running daemon: the control socket, reload on SIGHUP, scheduled backups.
enum OperationServices {
    static func make(store: TraceStore, configuration: EdgeTraceConfiguration, upload: UploadControl?,
                     reloader: ConfigReloader, logger: Logger) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let handler = ControlHandler(store: store, upload: upload, reloader: reloader)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: ControlServer(path: configuration.daemon.controlSocket,
                                         handler: { await handler.handle($0, actor: $1) }, logger: logger),
                  successTerminationBehavior: .ignore),
            .init(service: HangupReloader(reloader: reloader), successTerminationBehavior: .ignore),
        ]
        if let backup = configuration.backup {
            services.append(.init(service: BackupScheduler(store: store, settings: backup, logger: logger),
                                  successTerminationBehavior: .ignore))
        }
        return services
    }
}
