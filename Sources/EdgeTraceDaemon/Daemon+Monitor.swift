import EdgeTraceConfig
import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import StationMonitor
import TraceDevices
import TraceStore
import TraceSync

extension Daemon {
    /// The `[metrics]` and `[status_page]` endpoints: one server per distinct address (one serves both when
    /// they name the same address). Bootstraps swift-metrics into the Prometheus registry when metrics are on.
    func monitorServices(store: TraceStore, board: DeviceStatusBoard) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let metricsEndpoint = configuration.metrics
        let pageEndpoint = configuration.statusPage
        guard metricsEndpoint != nil || pageEndpoint != nil else { return [] }
        var metrics: StationMetrics? = nil
        if metricsEndpoint != nil {
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(StationMetricsFactory(registry: registry))
            UploadMetrics.prepare()
            metrics = StationMetrics(registry: registry)
        }
        let st = configuration.store
        let source = StationSnapshotSource(
            store: store, board: board, gateway: configuration.station.gateway,
            startedMillis: Int64(Date().timeIntervalSince1970 * 1000) - 1000,
            limitBytes: Int64(st.maxMB) << 20, minFreeBytes: Int64(st.minFreeMB) << 20)
        func address(_ e: MonitorEndpoint) -> MonitorServer.Address {
            switch e.address {
            case .tcp(let host, let port): .tcp(host: host, port: port)
            case .unix(let path): .unix(path: path)
            }
        }
        var out: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let m = metricsEndpoint, let p = pageEndpoint, m.address == p.address {
            let router = MonitorRouter(source: source, metrics: metrics, statusPage: true, allowRemote: m.allowRemote || p.allowRemote)
            out.append(.init(service: MonitorServer(address: address(m), router: router, serves: ["metrics", "status page"], logger: logger)))
            return out
        }
        if let m = metricsEndpoint {
            let router = MonitorRouter(source: source, metrics: metrics, statusPage: false, allowRemote: m.allowRemote)
            out.append(.init(service: MonitorServer(address: address(m), router: router, serves: ["metrics"], logger: logger)))
        }
        if let p = pageEndpoint {
            let router = MonitorRouter(source: source, metrics: nil, statusPage: true, allowRemote: p.allowRemote)
            out.append(.init(service: MonitorServer(address: address(p), router: router, serves: ["status page"], logger: logger)))
        }
        return out
    }
}
