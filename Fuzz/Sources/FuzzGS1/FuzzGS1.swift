import FuzzSupport
import Foundation
import TraceModel

/// Any bytes as a scanned barcode: the interpreter must answer with a ScanData or a rejection, never crash;
/// an accepted GS1 read must render back to text the interpreter accepts again.
let interpreter = BarcodeInterpreter(referenceDate: Date(timeIntervalSince1970: 1_790_000_000))

@_cdecl("FuzzGS1_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv) { data, size in fuzzOne(data.map { UnsafeBufferPointer(start: $0, count: size) } ?? UnsafeBufferPointer(start: nil, count: 0)) }
}

func fuzzOne(_ buffer: UnsafeBufferPointer<UInt8>) -> CInt {
    let text = String(decoding: buffer, as: UTF8.self)
    switch interpreter.interpret(text) {
    case .success(let scan):
        if let gtin = scan.gtin, gtin.count != 14 { fatalError("GTIN not 14 digits: \(gtin) from \(text.debugDescription)") }
    case .failure(let rejection):
        if rejection.reason.isEmpty { fatalError("a rejection without a reason for \(text.debugDescription)") }
    }
    // The same bytes as EPC memory read from an RFID tag (hex text).
    if case .success(let tag)? = EPCBinary.decode(hex: text), tag.type.isEmpty {
        fatalError("a decoded tag without a type from \(text.debugDescription)")
    }
    return 0
}
