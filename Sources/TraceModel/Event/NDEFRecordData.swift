/// One NDEF record of an NFC tag, in the `tag.ndef` array of an event (DESIGN.md §3):
/// `{"tnf":1,"type":"U","uri":"https://id.gs1.org/01/…"}`, `{"lang":"en","text":"…","tnf":1,"type":"T"}`,
/// or for any other record its payload as hex: `{"payload":"…","tnf":4,"type":"example.com:t"}`.
public struct NDEFRecordData: Codable, Sendable, Hashable {
    /// Type Name Format (0 empty, 1 NFC well-known, 2 media type, 3 absolute URI, 4 external, 5 unknown).
    public var tnf: Int
    /// The record type as text when it is printable ASCII, else hex.
    public var type: String?
    /// The record ID, as text when printable ASCII, else hex.
    public var id: String?
    /// The full URI of a URI record (prefix code expanded).
    public var uri: String?
    /// The text of a Text record, and its language code.
    public var text: String?
    public var lang: String?
    /// The payload as hex, for records that are neither URI nor Text.
    public var payload: String?

    public init(tnf: Int, type: String? = nil, id: String? = nil, uri: String? = nil, text: String? = nil,
                lang: String? = nil, payload: String? = nil) {
        self.tnf = tnf
        self.type = type
        self.id = id
        self.uri = uri
        self.text = text
        self.lang = lang
        self.payload = payload
    }
}
