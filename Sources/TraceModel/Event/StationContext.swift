/// Where and in which business step events are captured; attached to every event (DESIGN.md §3, `context`).
public struct StationContext: Codable, Sendable, Hashable {
    /// EPCIS read point, e.g. `urn:epc:id:sgln:6901234.00001.0`.
    public var readPoint: String?
    /// EPCIS business location.
    public var bizLocation: String?
    /// CBV business step, e.g. `receiving`.
    public var bizStep: String?
    /// CBV disposition, e.g. `in_progress`.
    public var disposition: String?
    /// The operator signed in at the station (pseudonymous id).
    public var `operator`: String?
    /// The current work order.
    public var workOrder: String?

    public init(
        readPoint: String? = nil, bizLocation: String? = nil, bizStep: String? = nil,
        disposition: String? = nil, operator: String? = nil, workOrder: String? = nil
    ) {
        self.readPoint = readPoint
        self.bizLocation = bizLocation
        self.bizStep = bizStep
        self.disposition = disposition
        self.operator = `operator`
        self.workOrder = workOrder
    }
}
