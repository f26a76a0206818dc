// libFuzzer entry point for the NFC Type 2 / NDEF parser (Sources/TraceModel/NFC): scripts/fuzz-ndef.sh
// compiles it with those files and `-sanitize=fuzzer,address`. The first input byte picks the chip (known
// NTAG213 or unknown), the second the capability container's size byte; the rest is the data area (page 4 on)
// and, on its own, an NDEF message. Any trap, overflow or sanitizer report is a bug: the parser must only
// return records or throw NFCParseError.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNDEF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard input.count >= 2 else { return 0 }
    var memory = [UInt8](repeating: 0, count: 16)
    memory[12] = 0xE1
    memory[13] = 0x10
    memory[14] = input[1]
    memory += input.dropFirst(2)
    let type = input[0] & 1 == 0 ? NFCTagType(version: [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x0F, 0x03]) : nil
    _ = try? NFCType2Memory.ndefRecords(memory: memory, type: type)
    _ = try? NDEFMessage.parse(Array(input.dropFirst(2)))
    _ = try? NFCTLV.walk(Array(input.dropFirst(2)))
    return 0
}
