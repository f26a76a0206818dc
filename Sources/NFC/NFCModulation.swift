import CNFC

/// A modulation and baud rate to poll for (`nfc_modulation`).
public struct NFCModulation: Hashable, Sendable, CustomStringConvertible {
    /// The modulation type (`nfc_modulation_type`).
    public enum Kind: Hashable, Sendable {
        /// ISO/IEC 14443 type A (NTAG, MIFARE Ultralight/Classic/DESFire).
        case iso14443a
        /// ISO/IEC 14443 type B.
        case iso14443b
        /// FeliCa (JIS X 6319-4).
        case felica
        /// Anything else libnfc reports (Jewel, DEP, barcode, …), by its `nfc_modulation_type` value.
        case other(UInt32)
    }

    public var kind: Kind
    /// kbit/s: 106, 212, 424 or 847.
    public var baudRate: Int

    public init(kind: Kind, baudRate: Int) {
        self.kind = kind
        self.baudRate = baudRate
    }

    public static let iso14443a = Self(kind: .iso14443a, baudRate: 106)
    public static let iso14443b = Self(kind: .iso14443b, baudRate: 106)
    public static let felica212 = Self(kind: .felica, baudRate: 212)
    public static let felica424 = Self(kind: .felica, baudRate: 424)

    var c: nfc_modulation {
        let type: nfc_modulation_type = switch kind {
        case .iso14443a: NMT_ISO14443A
        case .iso14443b: NMT_ISO14443B
        case .felica: NMT_FELICA
        case .other(let raw): nfc_modulation_type(rawValue: raw)
        }
        let rate: nfc_baud_rate = switch baudRate {
        case 106: NBR_106
        case 212: NBR_212
        case 424: NBR_424
        case 847: NBR_847
        default: NBR_UNDEFINED
        }
        return nfc_modulation(nmt: type, nbr: rate)
    }

    init(_ m: nfc_modulation) {
        switch m.nmt {
        case NMT_ISO14443A: kind = .iso14443a
        case NMT_ISO14443B: kind = .iso14443b
        case NMT_FELICA: kind = .felica
        default: kind = .other(m.nmt.rawValue)
        }
        baudRate = switch m.nbr {
        case NBR_106: 106
        case NBR_212: 212
        case NBR_424: 424
        case NBR_847: 847
        default: 0
        }
    }

    public var description: String {
        switch kind {
        case .iso14443a: "ISO14443A"
        case .iso14443b: "ISO14443B"
        case .felica: "FeliCa \(baudRate)"
        case .other(let raw): "modulation \(raw)"
        }
    }
}
