import Glibc
import Testing

@testable import SerialPort

@Suite("SerialSettings")
struct SerialSettingsTests {
    @Test(arguments: SerialSettings.supportedBaudRates)
    func supportedRatesValidate(rate: Int) throws {
        let settings = SerialSettings(path: "/dev/ttyACM0", baudRate: rate)
        try settings.validate()
        var attributes = try settings.rawAttributes(from: termios())
        #expect(cfgetospeed(&attributes) == settings.speed)
        #expect(cfgetispeed(&attributes) == settings.speed)
    }

    @Test(arguments: [
        SerialSettings(path: "/dev/ttyACM0", baudRate: 12345),
        SerialSettings(path: "/dev/ttyACM0", baudRate: 0),
        SerialSettings(path: "/dev/ttyACM0", baudRate: 1_000_000),
        SerialSettings(path: "/dev/ttyACM0", baudRate: 300),
        SerialSettings(path: "/dev/ttyACM0", dataBits: 6),
        SerialSettings(path: "/dev/ttyACM0", dataBits: 9),
        SerialSettings(path: "/dev/ttyACM0", stopBits: 0),
        SerialSettings(path: "/dev/ttyACM0", stopBits: 3),
        SerialSettings(path: ""),
    ])
    func invalidSettingsAreRejected(settings: SerialSettings) {
        #expect(throws: SerialError.self) { try settings.validate() }
        do {
            try settings.validate()
        } catch {
            #expect(error.code == .invalidSettings)
            #expect(!error.isTransient)
        }
    }

    @Test func badBaudRateMessageListsTheChoices() throws {
        let error = try #require(throws: SerialError.self) {
            try SerialSettings(path: "/dev/ttyACM0", baudRate: 12345).validate()
        }
        #expect(error.message.contains("12345"))
        #expect(error.message.contains("115200"))
    }

    struct TermiosCase: Sendable, CustomTestStringConvertible {
        var settings: SerialSettings
        var size: tcflag_t
        var parityEnabled: Bool
        var oddParity: Bool
        var twoStopBits: Bool
        var rtsCts: Bool
        var testDescription: String {
            "\(settings.baudRate) \(settings.dataBits)\(settings.parity.rawValue.prefix(1).uppercased())\(settings.stopBits) rtscts=\(settings.hardwareFlowControl)"
        }
    }

    @Test(arguments: [
        TermiosCase(settings: .init(path: "/p"), size: tcflag_t(CS8), parityEnabled: false, oddParity: false, twoStopBits: false, rtsCts: false),
        TermiosCase(settings: .init(path: "/p", baudRate: 115200, dataBits: 7, parity: .even, stopBits: 1),
                    size: tcflag_t(CS7), parityEnabled: true, oddParity: false, twoStopBits: false, rtsCts: false),
        TermiosCase(settings: .init(path: "/p", baudRate: 19200, dataBits: 7, parity: .odd, stopBits: 2),
                    size: tcflag_t(CS7), parityEnabled: true, oddParity: true, twoStopBits: true, rtsCts: false),
        TermiosCase(settings: .init(path: "/p", baudRate: 921600, hardwareFlowControl: true),
                    size: tcflag_t(CS8), parityEnabled: false, oddParity: false, twoStopBits: false, rtsCts: true),
    ])
    func rawAttributes(_ scenario: TermiosCase) throws {
        // Start from a cooked terminal with every flag the raw mode must clear or override.
        var cooked = termios()
        cooked.c_iflag = tcflag_t(ICRNL | IXON | IXOFF | INPCK | ISTRIP)
        cooked.c_oflag = tcflag_t(OPOST | ONLCR)
        cooked.c_lflag = tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        cooked.c_cflag = tcflag_t(CS5 | PARENB | PARODD | CSTOPB) | SerialSettings.crtscts
        var attributes = try scenario.settings.rawAttributes(from: cooked)
        let c = attributes.c_cflag
        #expect(c & tcflag_t(CSIZE) == scenario.size)
        #expect((c & tcflag_t(PARENB) != 0) == scenario.parityEnabled)
        #expect((c & tcflag_t(PARODD) != 0) == scenario.oddParity)
        #expect((c & tcflag_t(CSTOPB) != 0) == scenario.twoStopBits)
        #expect((c & SerialSettings.crtscts != 0) == scenario.rtsCts)
        #expect(c & tcflag_t(CLOCAL | CREAD) == tcflag_t(CLOCAL | CREAD))
        #expect(attributes.c_lflag & tcflag_t(ICANON | ECHO | ISIG | IEXTEN) == 0)
        #expect(attributes.c_iflag & tcflag_t(ICRNL | IXON | IXOFF | INPCK | ISTRIP) == 0)
        #expect(attributes.c_oflag & tcflag_t(OPOST) == 0)
        let controls = withUnsafeBytes(of: &attributes.c_cc) { ($0[Int(VMIN)], $0[Int(VTIME)]) }
        #expect(controls == (0, 0))
        #expect(cfgetospeed(&attributes) == scenario.settings.speed)
    }

    /// What a driver may change on its own (a pty forces CS8, no parity) is tolerated; nothing else.
    @Test func driverMayOnlyChangeTheCharacterFormat() throws {
        let requested = try SerialSettings(path: "/p", dataBits: 7, parity: .odd).rawAttributes(from: termios())
        var ptyResult = requested
        ptyResult.c_cflag = (ptyResult.c_cflag & ~tcflag_t(CSIZE | PARENB | PARODD)) | tcflag_t(CS8)
        #expect(SerialPort.sameExceptCharacterFormat(requested, ptyResult))
        var stillCanonical = ptyResult
        stillCanonical.c_lflag |= tcflag_t(ICANON)
        #expect(!SerialPort.sameExceptCharacterFormat(requested, stillCanonical))
        var otherSpeed = ptyResult
        cfsetospeed(&otherSpeed, speed_t(B38400))
        #expect(!SerialPort.sameExceptCharacterFormat(requested, otherSpeed))
        var otherMinimum = ptyResult
        withUnsafeMutableBytes(of: &otherMinimum.c_cc) { $0[Int(VMIN)] = 1 }
        #expect(!SerialPort.sameExceptCharacterFormat(requested, otherMinimum))
    }
}
