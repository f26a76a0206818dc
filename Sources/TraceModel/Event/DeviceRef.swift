/// The device that produced an event.
public struct DeviceRef: Codable, Sendable, Hashable {
    /// The configured device id, e.g. `scanner-dock-3`.
    public var id: String
    /// The driver name: `serial`, `wedge`, `hidpos`, `camera`, `nfc`, `temper` (USB sensors), `modbus`.
    public var driver: String
    /// The configured device path, when the device has one.
    public var path: String?

    public init(id: String, driver: String, path: String? = nil) {
        self.id = id
        self.driver = driver
        self.path = path
    }
}
