/// One GS1 element: an Application Identifier and its value, as found in a scan.
///
/// The value is the data exactly as carried (no check-digit stripping, no date conversion);
/// see `GS1Element+Values.swift` for typed views (decimal measures, dates, currency).
public struct GS1Element: Sendable, Hashable, Codable {
    /// The Application Identifier, 2 to 4 digits (`"01"`, `"3103"`, `"8004"`).
    public let ai: String
    /// The element's data, without separators.
    public let value: String

    /// Creates an element from an AI and its value (no validation).
    public init(ai: String, value: String) {
        self.ai = ai
        self.value = value
    }

    /// The dictionary definition of this element's AI, if the AI is known.
    public var definition: GS1ApplicationIdentifier? { GS1Dictionary.lookup(ai) }
}
