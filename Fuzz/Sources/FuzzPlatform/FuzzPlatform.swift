import FuzzSupport
import PlatformParsing
import TraceModel

/// Any bytes as the body of `POST /v1/batches` and of `POST /capture` on the reference platform: the batch
/// decoder and the EPCIS capture validation must accept or refuse with a status and a message, never trap.
/// When a batch is accepted, every UTF-8 event's kept JSON text must itself parse as one JSON value (the raw
/// scanner cut the exact bytes of an element), and an object must be seen as one.
@_cdecl("FuzzPlatform_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv) { data, size in fuzzOne(data.map { UnsafeBufferPointer(start: $0, count: size) } ?? UnsafeBufferPointer(start: nil, count: 0)) }
}

func fuzzOne(_ buffer: UnsafeBufferPointer<UInt8>) -> CInt {
    let body = Array(buffer)
    do {
        let batch = try BatchDecoder.decode(body)
        if batch.gateway.isEmpty { fatalError("a batch accepted without a gateway") }
        for event in batch.events {
            guard event.isValidUTF8, event.isReadable else {
                if event.rejectionReason == nil { fatalError("event \(event.index): not UTF-8 or unreadable, yet not refused") }
                continue
            }
            let value: JSONValue
            do {
                value = try JSONValue(parsing: Array(event.json.utf8))
            } catch {
                fatalError("event \(event.index) kept as text that is not one JSON value: \(event.json.prefix(80))")
            }
            let isObject: Bool
            if case .object = value { isObject = true } else { isObject = false }
            if isObject != event.isObject { fatalError("event \(event.index): isObject \(event.isObject), but the text is \(event.json.prefix(80))") }
        }
    } catch {
        if error.status != 400 && error.status != 422 { fatalError("batch refused with status \(error.status)") }
        if error.message.isEmpty { fatalError("batch refused without a message") }
    }
    do {
        let events = try CaptureDocument.validate(body)
        if events.contains(where: { $0.id.isEmpty }) { fatalError("a captured event without an eventID") }
    } catch {
        if error.detail.isEmpty { fatalError("capture refused without a detail") }
    }
    return 0
}
