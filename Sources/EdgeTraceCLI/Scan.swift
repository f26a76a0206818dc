import ArgumentParser
import DeviceWiring
import EdgeTraceConfig
import Foundation
import TraceDevices
import TraceModel

struct Scan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print live reads of one device with their interpretation (commissioning, without the daemon).",
        discussion: """
            DEVICE is the id of a [[device]] in the configuration, of any driver (serial, wedge, hidpos, camera, nfc, \
            temper, modbus), opened with its configured settings; or the device itself with the defaults of its driver: \
            a serial scanner's port, or with --driver a wedge's /dev/input node, a HID POS /dev/hidraw node, a camera's \
            /dev/video node or a directory of images, an NFC reader's libnfc connstring or PN532 serial port, a TEMPer's \
            USB id VENDOR:PRODUCT, a modbus bus's serial port (polling --address).
            The device is opened as the daemon opens it (exclusively where the daemon does), so stop the daemon's use of \
            it first. Each read is printed as `edgetrace events` prints events (sensor samples as sensor events); device \
            state changes are printed too but not counted. Stops after --count reads, when the device fails, or on Ctrl-C.
            """)

    @Argument(help: "The id of a [[device]] in the configuration, or the device's path (see --driver).")
    var device: String
    @Option(name: .shortAndLong, help: "Configuration file (when DEVICE is a device id).")
    var config: String = EdgeTraceConfiguration.defaultPath
    @Option(help: "The driver of DEVICE when it is not a configured id: serial (default), wedge, hidpos, camera, nfc, temper, modbus.")
    var driver: String?
    @Option(help: "Baud rate of a serial scanner or modbus bus (default 9600, or the configured device's).") var baud: Int?
    @Option(help: "Frame terminator of a serial scanner: cr, lf or crlf (default cr, or the configured device's).") var framing: String?
    @Option(help: "Sensors (temper, modbus): sample every this many milliseconds (default: the configured or default interval).")
    var intervalMs: Int?
    @Option(help: "The slave address of the sensor to poll on a modbus bus given by path (default 1).") var address: Int?
    @Option(help: "Stop after this many reads (0: until Ctrl-C).") var count = 0
    @Flag(help: "Print each interpreted event as JSON.") var json = false

    func run() async throws {
        let (entry, configuration) = try target()
        guard let driver = DriverFactory.make(entry, clock: CaptureClock(offsetSeconds: configuration.station.utcOffsetSeconds)) else {
            throw ValidationError("'\(entry.id)' has driver '\(entry.driver)', which this edgetrace cannot run (it runs \(Self.driverKinds.joined(separator: ", ")))")
        }
        let state = ScanState(interpreter: Self.interpreter(configuration), json: json, limit: count)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await driver.run(sink: { await state.handle($0) }) { path in
                        FileHandle.standardError.write(Data("reading \(entry.driver) device \(path) (Ctrl-C to stop)\n".utf8))
                    }
                }
                group.addTask { await state.waitForLimit() }
                try await group.next()
                group.cancelAll()
            }
        } catch let error as DeviceError {
            FileHandle.standardError.write(Data("edgetrace: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// The daemon's interpreter for `configuration` (station context, company prefixes, EPC hex), but without a dedup
    /// window: commissioning shows every read.
    static func interpreter(_ configuration: EdgeTraceConfiguration) -> Interpreter {
        let interp = configuration.interpreter
        return Interpreter(gateway: configuration.station.gateway, context: configuration.station.context,
                           prefixes: CompanyPrefixTable(overrides: interp.companyPrefixes), acceptNonGS1: interp.acceptNonGS1,
                           decodeEPCHex: interp.decodeEPCHex, dedupWindowNs: 0)
    }
}
