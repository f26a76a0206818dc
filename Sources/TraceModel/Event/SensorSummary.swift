/// A series of sensor readings folded into one event when the disk budget forces it (DESIGN.md §4):
/// `{"count":30,"from":"…","to":"…","temperatureC":{"max":4.5,"mean":4.1,"min":3.9}}`.
public struct SensorSummary: Codable, Sendable, Hashable {
    /// Readings folded in.
    public var count: Int
    /// Capture time of the first and last reading.
    public var from: String
    public var to: String
    public var temperatureC: Stats?
    public var humidityPct: Stats?

    /// Minimum, maximum and mean of one quantity.
    public struct Stats: Codable, Sendable, Hashable {
        public var min: Double
        public var max: Double
        public var mean: Double

        public init(min: Double, max: Double, mean: Double) {
            self.min = min
            self.max = max
            self.mean = mean
        }
    }

    public init(count: Int, from: String, to: String, temperatureC: Stats? = nil, humidityPct: Stats? = nil) {
        self.count = count
        self.from = from
        self.to = to
        self.temperatureC = temperatureC
        self.humidityPct = humidityPct
    }
}
