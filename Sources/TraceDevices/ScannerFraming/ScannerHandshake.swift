/// The one-byte replies of the ACK/NAK handshake many serial scanners offer: after each code
/// the host answers, and the scanner beeps good (ACK) or bad and may resend (NAK).
public enum ScannerHandshake {
    /// ACK, 0x06: the code was received and stored.
    public static let ack: UInt8 = 0x06
    /// NAK, 0x15: the code was rejected or damaged; the scanner signals the operator.
    public static let nak: UInt8 = 0x15
}
