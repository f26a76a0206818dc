import FuzzSupport
import TraceModel

/// Any bytes as the memory of an NFC Forum Type 2 tag: capability container, TLV walk and NDEF records must
/// give records or an NFCParseError with a message, never trap. Input layout: byte 0 picks the chip (bit 0:
/// a known NTAG213, else unknown), byte 1 is the capability container's size byte, the rest is the data area
/// from page 4, and on its own an NDEF message and a TLV area.
@_cdecl("FuzzNDEF_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv) { data, size in fuzzOne(data.map { UnsafeBufferPointer(start: $0, count: size) } ?? UnsafeBufferPointer(start: nil, count: 0)) }
}

let ntag213 = NFCTagType(version: [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x0F, 0x03])

func fuzzOne(_ buffer: UnsafeBufferPointer<UInt8>) -> CInt {
    let input = Array(buffer)
    guard input.count >= 2 else { return 0 }
    let body = Array(input.dropFirst(2))
    let memory = [UInt8](repeating: 0, count: 12) + [0xE1, 0x10, input[1], 0x00] + body
    let type = input[0] & 1 == 0 ? ntag213 : nil
    check { () throws(NFCParseError) in try NFCType2Memory.ndefRecords(memory: memory, type: type) }
    check { () throws(NFCParseError) in try NDEFMessage.parse(body) }
    check { () throws(NFCParseError) in try NFCTLV.walk(body) }
    return 0
}

func check<T>(_ body: () throws(NFCParseError) -> T) {
    do {
        _ = try body()
    } catch {
        if error.message.isEmpty { fatalError("an NFC parse error without a message (\(error.code))") }
    }
}
