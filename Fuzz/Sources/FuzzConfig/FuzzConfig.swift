import FuzzSupport
import EdgeTraceConfig

/// Any text as edgetrace.toml: a configuration or a ConfigError naming a line, never a crash.
@_cdecl("FuzzConfig_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv) { data, size in fuzzOne(data.map { UnsafeBufferPointer(start: $0, count: size) } ?? UnsafeBufferPointer(start: nil, count: 0)) }
}

func fuzzOne(_ buffer: UnsafeBufferPointer<UInt8>) -> CInt {
    let text = String(decoding: buffer, as: UTF8.self)
    do {
        let config = try ConfigLoader.parse(text, file: "fuzz.toml")
        if config.station.gateway.isEmpty { fatalError("accepted an empty gateway") }
    } catch let error as ConfigError {
        if error.message.isEmpty { fatalError("an error without a message") }
    } catch {
        fatalError("not a ConfigError: \(error)")
    }
    return 0
}
