import Glibc
import SystemSupport
import Testing

@testable import SerialPort

@Suite("SerialError")
struct SerialErrorTests {
    @Test(arguments: [
        ("open", ENOENT, SerialError.Code.notFound, true),
        ("open", ENODEV, .notFound, true),
        ("open", ENXIO, .notFound, true),
        ("open", EACCES, .permissionDenied, false),
        ("open", EPERM, .permissionDenied, false),
        ("open", EBUSY, .busy, true),
        ("flock", EWOULDBLOCK, .busy, true),
        ("tcgetattr", ENOTTY, .invalidSettings, false),
        ("tcsetattr", EINVAL, .invalidSettings, false),
        ("open", EIO, .disconnected, true),
        ("open", EMFILE, .io, true),
    ])
    func openingErrors(operation: String, errno: CInt, code: SerialError.Code, transient: Bool) {
        let cause = SystemError(operation, code: .init(rawValue: errno), path: "/dev/ttyACM3")
        let error = SerialError(opening: "/dev/ttyACM3", cause: cause)
        #expect(error.code == code)
        #expect(error.isTransient == transient)
        #expect(error.errno == errno)
        #expect(error.message.contains("/dev/ttyACM3"))
    }

    @Test(arguments: [
        (EIO, SerialError.Code.disconnected),
        (ENXIO, .disconnected),
        (ENODEV, .disconnected),
        (EPIPE, .disconnected),
        (ETIMEDOUT, .io),
        (ENOMEM, .io),
    ])
    func transferErrors(errno: CInt, code: SerialError.Code) {
        let error = SerialError(transferringOn: "/dev/ttyUSB0", cause: SystemError("read", code: .init(rawValue: errno)))
        #expect(error.code == code)
        #expect(error.isTransient)
    }

    @Test func messagesSayWhatToDo() {
        let denied = SerialError(opening: "/dev/ttyACM0", cause: SystemError("open", code: .permissionDenied))
        #expect(denied.message.contains("dialout"))
        #expect(denied.message.contains("udev rules"))
        let busy = SerialError(opening: "/dev/ttyACM0", cause: SystemError("flock", code: .wouldBlock))
        #expect(busy.message.contains("another process"))
        #expect(busy.message.contains("ModemManager"))
        #expect(busy.description.contains("EAGAIN"))
    }

    @Test func catchesByCode() {
        func fail() throws { throw SerialError.disconnected("/dev/ttyACM0") }
        var caught = false
        do {
            try fail()
        } catch SerialError.Code.notFound {
            Issue.record("matched the wrong code")
        } catch SerialError.Code.disconnected {
            caught = true
        } catch {
            Issue.record("not matched by code: \(error)")
        }
        #expect(caught)
    }
}
