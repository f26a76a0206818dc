import Metrics

/// The uploader's metrics, through swift-metrics: the daemon bootstraps the Prometheus backend (without a
/// bootstrap they go nowhere).
public enum UploadMetrics {
    /// `edgetrace_upload_duration_seconds`: from sending a batch to the platform's full answer.
    static let duration = Metrics.Timer(label: "edgetrace_upload_duration_seconds")
    /// `edgetrace_upload_retries_total`: attempts that failed and were scheduled again.
    static let retries = Counter(label: "edgetrace_upload_retries_total")

    /// Creates the metrics now (after the bootstrap), so they are exported at zero before the first upload.
    public static func prepare() {
        _ = duration
        _ = retries
    }
}
