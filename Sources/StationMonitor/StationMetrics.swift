import Prometheus

/// The station's Prometheus metrics. Gauges are set from a ``StationSnapshot`` on every scrape; counters
/// follow the daemon's running totals (they only ever go up, by the difference since the last scrape).
/// The uploader's own metrics (latency histogram, retries) come in through swift-metrics
/// (``StationMetricsFactory``) into the same registry.
public actor StationMetrics {
    /// The registry `/metrics` renders.
    public nonisolated let registry: PrometheusCollectorRegistry
    private var seen: [String: Int64] = [:]
    private var devicesUp: [String: Gauge] = [:]

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// Brings every metric up to `snapshot`.
    public func update(from s: StationSnapshot) {
        for d in s.devices {
            let labels = [("device", d.id)]
            advance("edgetrace_events_captured_total", labels, to: d.reads - d.rejected,
                    help: "Events captured (durably stored) from the device's reads, rejected reads excluded.")
            advance("edgetrace_events_rejected_total", labels, to: d.rejected,
                    help: "Reads kept as rejected events (bad check digit, unknown format, ...).")
            advance("edgetrace_events_deduplicated_total", labels, to: d.duplicates,
                    help: "Reads dropped as duplicates inside the dedup window.")
            advance("edgetrace_events_failed_total", labels, to: d.failed,
                    help: "Reads the store refused (disk full, I/O error): data loss, see the daemon log.")
            advance("edgetrace_device_reconnects_total", labels, to: d.reconnects,
                    help: "Times the device was reopened after it went away.")
            let up = devicesUp[d.id] ?? registry.makeGauge(
                name: "edgetrace_device_up", labels: [("device", d.id), ("driver", d.driver)],
                help: "1 while the device is connected, 0 otherwise.")
            devicesUp[d.id] = up
            up.set(to: d.state == .connected ? 1.0 : 0.0)
        }
        gauge("edgetrace_queue_events", "Events captured but not yet acknowledged by the platform.", Double(s.queue.unsynced))
        let age = s.queue.oldestUnsyncedMillis.map { max(0, Double(s.generatedMillis - $0) / 1000) } ?? 0
        gauge("edgetrace_queue_oldest_age_seconds", "Age of the oldest unacknowledged event (0 when the queue is empty).", age)
        gauge("edgetrace_store_last_seq", "Sequence number of the newest stored event.", Double(s.queue.lastSeq))
        gauge("edgetrace_quarantine_events", "Events the platform refused, set aside locally (edgetrace quarantine list).",
              Double(s.queue.quarantined))
        gauge("edgetrace_store_database_bytes", "Size of the event database and its WAL.", Double(s.budget.databaseBytes))
        gauge("edgetrace_store_budget_bytes", "The database's disk budget (store.max_mb; 0 = no limit).", Double(s.budget.limitBytes))
        gauge("edgetrace_store_free_bytes", "Free space on the database's file system.", Double(s.budget.freeBytes ?? 0))
        gauge("edgetrace_store_min_free_bytes", "Free space the daemon keeps (store.min_free_mb).", Double(s.budget.minFreeBytes))
        gauge("edgetrace_store_refusing", "1 while reads are refused because the disk budget is exhausted.", s.budget.refusing ? 1 : 0)
        let link = s.upload?.link ?? "disabled"
        gauge("edgetrace_upstream_up", "1 while the platform link is online, 0 when offline, unauthorized or disabled.",
              link == "online" ? 1 : 0)
        advance("edgetrace_events_delivered_total", [], to: s.upload?.delivered ?? 0,
                help: "Events the platform acknowledged since the daemon started.")
        advance("edgetrace_events_quarantined_total", [], to: s.upload?.quarantined ?? 0,
                help: "Events the platform refused (quarantined locally) since the daemon started.")
    }

    /// The exposition text (text format 0.0.4).
    public nonisolated func render() -> [UInt8] { registry.emitToBuffer() }

    private func gauge(_ name: String, _ help: String, _ value: Double) {
        registry.makeGauge(name: name, help: help).set(to: value)
    }

    private func advance(_ name: String, _ labels: [(String, String)], to total: Int64, help: String) {
        let key = name + labels.map { "|\($0.1)" }.joined()
        let counter = labels.isEmpty ? registry.makeCounter(name: name, help: help)
                                     : registry.makeCounter(name: name, labels: labels, help: help)
        let previous = seen[key] ?? 0
        if total > previous { counter.increment(by: total - previous) }
        seen[key] = max(previous, total)
    }
}
