import Glibc

extension FileDescriptor {
    /// The terminal's attributes (`tcgetattr(3)`). Throws ``SystemError/Code/notATerminal``
    /// when the descriptor is not a terminal.
    public func terminalAttributes() throws(SystemError) -> termios {
        var attributes = termios()
        try retryingOnEINTR("tcgetattr") { tcgetattr(rawValue, &attributes) }
        return attributes
    }

    /// Applies `attributes` now (`tcsetattr(3)` with `TCSANOW`).
    public func setTerminalAttributes(_ attributes: termios) throws(SystemError) {
        var attributes = attributes
        try retryingOnEINTR("tcsetattr") { tcsetattr(rawValue, TCSANOW, &attributes) }
    }

    /// Discards input received but not yet read (`tcflush(3)` with `TCIFLUSH`).
    public func discardPendingInput() throws(SystemError) {
        try retryingOnEINTR("tcflush") { tcflush(rawValue, TCIFLUSH) }
    }
}
