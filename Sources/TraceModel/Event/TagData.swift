/// An RFID/NFC tag read (the `tag` object of a TraceEvent of kind `tag`, DESIGN.md §3).
///
/// For an EPC read (a UHF reader that types or sends the EPC memory as 24 hex characters):
/// `{"type":"SGTIN-96","epc":"urn:epc:id:sgtin:0614141.812345.6789","raw":"3074257BF7194E4000001A85",
/// "filter":3,"gtin":"80614141123458","serial":"6789"}`. Keys are omitted when nil.
///
/// For an NFC tag: `{"uid":"04A2247A3C5E80","type":"NTAG213","atqa":"0044","sak":"00",
/// "ndef":[{"tnf":1,"type":"U","uri":"https://id.gs1.org/01/…/21/…"}],"gtin":"…","serial":"…","epc":"urn:epc:id:sgtin:…"}`:
/// a GS1 Digital Link or `urn:epc:id:` URI in the NDEF message gives `gtin`, `serial`, `epc` as a barcode would.
public struct TagData: Codable, Sendable, Hashable {
    /// The tag's UID (NFC), hex; nil for an EPC read.
    public var uid: String?
    /// "SGTIN-96", "SSCC-96", "SGLN-96"; for NFC the chip ("NTAG213").
    public var type: String
    /// The EPC pure identity URI.
    public var epc: String?
    /// The EPC memory exactly as read (hex).
    public var raw: String?
    /// The EPC filter value (0…7; for SGTIN 1 = point-of-sale item, 2 = case, 6 = unit load …).
    public var filter: Int?
    /// The GS1 keys the EPC carries: GTIN-14 and serial (SGTIN), SSCC (SSCC), GLN and its
    /// extension (SGLN; the extension is "0" when there is none).
    public var gtin: String?
    public var serial: String?
    public var sscc: String?
    public var gln: String?
    public var glnExtension: String?
    /// NFC type A: ATQA (SENS_RES) and SAK (SEL_RES) as hex, e.g. "0044" and "00" for an NTAG21x.
    public var atqa: String?
    public var sak: String?
    /// NFC: the NDEF records the tag holds (nil when it holds no NDEF message).
    public var ndef: [NDEFRecordData]?
    /// NFC: the GS1 Digital Link URI of an NDEF URI record, in canonical form, when there is one.
    public var digitalLink: String?
    /// NFC: the batch/lot (AI 10) of a GS1 Digital Link URI.
    public var lot: String?

    public init(uid: String? = nil, type: String, epc: String? = nil, raw: String? = nil, filter: Int? = nil,
                gtin: String? = nil, serial: String? = nil, sscc: String? = nil, gln: String? = nil, glnExtension: String? = nil) {
        self.uid = uid
        self.type = type
        self.epc = epc
        self.raw = raw
        self.filter = filter
        self.gtin = gtin
        self.serial = serial
        self.sscc = sscc
        self.gln = gln
        self.glnExtension = glnExtension
    }
}
