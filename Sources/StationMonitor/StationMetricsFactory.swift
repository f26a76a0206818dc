import CoreMetrics
import Prometheus

/// The swift-metrics backend the daemon bootstraps: swift-prometheus's factory, except that the metrics
/// EdgeTrace's libraries emit get their HELP text and buckets here (swift-metrics has no place for them).
public struct StationMetricsFactory: MetricsFactory {
    private let base: PrometheusMetricsFactory
    private let registry: PrometheusCollectorRegistry

    /// HELP texts of the metrics the libraries emit through swift-metrics.
    static let help: [String: String] = [
        "edgetrace_upload_duration_seconds": "Time from sending a batch to the platform's answer (any answer).",
        "edgetrace_upload_retries_total": "Upload attempts that failed and were scheduled again (offline, 5xx, 429, 401/403).",
        "edgetrace_upload_batches_total": "Batches the platform answered, by outcome.",
    ]

    /// Buckets of the upload latency histogram.
    public static let uploadDurationBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
    ]

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        var base = PrometheusMetricsFactory(registry: registry)
        base.durationHistogramBuckets["edgetrace_upload_duration_seconds"] = Self.uploadDurationBuckets
        self.base = base
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let help = Self.help[label] else { return base.makeCounter(label: label, dimensions: dimensions) }
        return registry.makeCounter(name: label, labels: dimensions, help: help)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        base.makeFloatingPointCounter(label: label, dimensions: dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        base.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        base.makeMeter(label: label, dimensions: dimensions)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let help = Self.help[label] else { return base.makeTimer(label: label, dimensions: dimensions) }
        return registry.makeDurationHistogram(name: label, labels: dimensions,
                                              buckets: base.durationHistogramBuckets[label] ?? Self.uploadDurationBuckets, help: help)
    }

    public func destroyCounter(_ handler: any CounterHandler) { base.destroyCounter(handler) }
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { base.destroyFloatingPointCounter(handler) }
    public func destroyRecorder(_ handler: any RecorderHandler) { base.destroyRecorder(handler) }
    public func destroyMeter(_ handler: any MeterHandler) { base.destroyMeter(handler) }
    public func destroyTimer(_ handler: any TimerHandler) { base.destroyTimer(handler) }
}
