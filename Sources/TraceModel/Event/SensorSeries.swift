import Crypto

/// Compaction of sensor series (DESIGN.md §4): what the store calls when space is short.
public enum SensorSeries {
    /// One summary event for `readings` (sensor events of one device, in capture order), keeping for each
    /// quantity its minimum, maximum and count-weighted mean; earlier summaries among the readings count
    /// with their own counts and extremes. Nil when fewer than two readings, or when none is a sensor reading.
    ///
    /// The summary takes the first reading's device, context and clock, its time is the first capture's,
    /// and its `eventID` is derived from the readings' IDs: compacting the same readings again gives the
    /// same summary.
    public static func summarize(_ readings: [TraceEvent]) -> TraceEvent? {
        let sensors = readings.filter { $0.kind == .sensor && $0.sensor != nil }
        guard sensors.count >= 2, let first = sensors.first, let last = sensors.last else { return nil }
        var temperature = Accumulator()
        var humidity = Accumulator()
        var count = 0
        for event in sensors {
            guard let data = event.sensor else { continue }
            let n = data.summary?.count ?? 1
            count += n
            temperature.add(data.temperatureC, stats: data.summary?.temperatureC, count: n)
            humidity.add(data.humidityPct, stats: data.summary?.humidityPct, count: n)
        }
        var h = SHA256()
        for event in sensors {
            h.update(data: Array(event.eventID.utf8))
            h.update(data: [0])
        }
        var summary = first
        summary.eventID = "ni:///sha-256;" + Base64URL.encode(Array(h.finalize()))
        summary.seq = 0
        summary.prevHash = nil
        summary.hash = nil
        let base = first.sensor!
        summary.sensor = SensorData(
            temperatureC: temperature.stats?.mean, humidityPct: humidity.stats?.mean, model: base.model, serial: base.serial,
            offsetC: base.offsetC, raw: nil,
            summary: SensorSummary(count: count, from: first.sensor?.summary?.from ?? first.time.description,
                                   to: last.sensor?.summary?.to ?? last.time.description,
                                   temperatureC: temperature.stats, humidityPct: humidity.stats))
        return summary
    }

    private struct Accumulator {
        var min = Double.infinity
        var max = -Double.infinity
        var sum = 0.0
        var count = 0

        mutating func add(_ value: Double?, stats: SensorSummary.Stats?, count n: Int) {
            if let stats {
                min = Swift.min(min, stats.min)
                max = Swift.max(max, stats.max)
                sum += stats.mean * Double(n)
                count += n
            } else if let value {
                min = Swift.min(min, value)
                max = Swift.max(max, value)
                sum += value
                count += 1
            }
        }

        var stats: SensorSummary.Stats? {
            count == 0 ? nil : SensorSummary.Stats(min: min, max: max, mean: sum / Double(count))
        }
    }
}
