import Glibc

extension SerialSettings {
    /// The termios speed constant (`B9600`, …) for ``baudRate``; nil when unsupported.
    var speed: speed_t? {
        switch baudRate {
        case 1200: speed_t(B1200)
        case 1800: speed_t(B1800)
        case 2400: speed_t(B2400)
        case 4800: speed_t(B4800)
        case 9600: speed_t(B9600)
        case 19200: speed_t(B19200)
        case 38400: speed_t(B38400)
        case 57600: speed_t(B57600)
        case 115200: speed_t(B115200)
        case 230400: speed_t(B230400)
        case 460800: speed_t(B460800)
        case 500000: speed_t(B500000)
        case 576000: speed_t(B576000)
        case 921600: speed_t(B921600)
        default: nil
        }
    }

    /// `base` turned into the raw mode EdgeTrace reads scanners in: `cfmakeraw(3)` (no echo,
    /// no line editing, no CR/NL translation, 8-bit clean), `CLOCAL | CREAD`, no XON/XOFF
    /// (which would swallow 0x11/0x13), parity not checked (`INPCK` off: bytes arrive as sent),
    /// then these settings' size, parity, stop bits, flow control and speed
    /// (`cfsetispeed(3)`, `cfsetospeed(3)`), with `VMIN` = `minimumBytes` and `VTIME` = 0.
    func rawAttributes(from base: termios, minimumBytes: UInt8 = 0) throws(SerialError) -> termios {
        try validate()
        var attributes = base
        cfmakeraw(&attributes)
        attributes.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY | INPCK)
        attributes.c_cflag |= tcflag_t(CLOCAL | CREAD)
        attributes.c_cflag &= ~tcflag_t(CSIZE)
        attributes.c_cflag |= tcflag_t(dataBits == 7 ? CS7 : CS8)
        switch parity {
        case .none: attributes.c_cflag &= ~tcflag_t(PARENB | PARODD)
        case .even: attributes.c_cflag = (attributes.c_cflag | tcflag_t(PARENB)) & ~tcflag_t(PARODD)
        case .odd: attributes.c_cflag |= tcflag_t(PARENB | PARODD)
        }
        if stopBits == 2 {
            attributes.c_cflag |= tcflag_t(CSTOPB)
        } else {
            attributes.c_cflag &= ~tcflag_t(CSTOPB)
        }
        if hardwareFlowControl {
            attributes.c_cflag |= Self.crtscts
        } else {
            attributes.c_cflag &= ~Self.crtscts
        }
        let speed = speed!  // validate() checked it
        cfsetispeed(&attributes, speed)
        cfsetospeed(&attributes, speed)
        withUnsafeMutableBytes(of: &attributes.c_cc) { controls in
            controls[Int(VMIN)] = minimumBytes
            controls[Int(VTIME)] = 0
        }
        return attributes
    }

    /// `CRTSCTS` (020000000000 in <bits/termios-c_cflag.h>).
    static let crtscts = tcflag_t(CRTSCTS)
}
