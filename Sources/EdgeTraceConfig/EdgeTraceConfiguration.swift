import TraceModel

/// The daemon's configuration: one TOML file, `/etc/edgetrace/edgetrace.toml` by default.
/// `Fixtures/edgetrace.sample.toml` documents every key.
public struct EdgeTraceConfiguration: Sendable, Equatable {
    public static let defaultPath = "/etc/edgetrace/edgetrace.toml"

    /// `[station]`: who and where this gateway is.
    public struct Station: Sendable, Equatable {
        /// `gateway`: this gateway's name, unique per platform (required).
        public var gateway: String
        /// `read_point`, `biz_location`, `biz_step`, `disposition`, `operator`, `work_order`.
        public var context: StationContext
        /// `utc_offset`: "+08:00" style; default: the machine's local offset at start.
        public var utcOffsetSeconds: Int32?
        /// `mode`: `off` (default), `pack` (aggregate children into a parent SSCC), `unpack`.
        public var mode: PackingMode = .off
        /// `aggregation_timeout_ms`: an open aggregation with a parent closes when the next read comes
        /// this long after the last one (default 0 = only a parent scan or a close command closes it).
        public var aggregationTimeoutMs: Int = 0
    }

    /// `[store]`.
    public struct Store: Sendable, Equatable {
        /// `path`: the SQLite outbox (default `/var/lib/edgetrace/edgetrace.sqlite`).
        public var path: String
        /// `max_mb`: the database's disk budget in MiB (default 2048; 0 = no limit but `min_free_mb`).
        public var maxMB: Int = 2048
        /// `min_free_mb`: MiB to leave free on the file system; reads are refused below it (default 64).
        public var minFreeMB: Int = 64
        /// `retention_days`: how long synced events stay for local trace queries (default 30; 0 = until space is short).
        public var retentionDays: Int = 30
        /// `sensor_compaction_interval_s`: width of one summary when sensor readings must be compacted (default 300).
        public var sensorCompactionIntervalS: Int = 300
        /// `maintenance_interval_s`: how often the budget is checked (default 60; every 2 s while refusing).
        public var maintenanceIntervalS: Int = 60

        public init(path: String) { self.path = path }
    }

    /// `[upstream]`: absent means offline buffering.
    public struct Upstream: Sendable, Equatable {
        /// `url`: platform base URL, `https://…` (http only for loopback tests/demos).
        public var url: String
        /// `protocol`: `native` (`POST {url}/v1/batches`, default) or `epcis` (EPCIS 2.0 capture at `{url}/capture`).
        public var protocolName: String
        /// `token_file`: file holding the bearer token; read at start and again after a 401/403 (default none).
        public var tokenFile: String?
        /// `ca_file`: PEM CA(s) that sign the platform's certificate (default none: the system trust store).
        public var caFile: String?
        /// `client_cert_file`, `client_key_file`: PEM client certificate and key for mutual TLS (both or neither).
        public var clientCertFile: String?
        public var clientKeyFile: String?
        /// `batch_max_events` (default 2000, 1…10000).
        public var batchMaxEvents: Int
        /// `batch_max_bytes`: a batch ends at the event that brings its stored JSON to this size (default 1 MiB,
        /// 4096…64 MiB), so that large events make smaller batches.
        public var batchMaxBytes: Int = 1 << 20
        /// `request_timeout_ms` (default 15000).
        public var requestTimeoutMs: Int
        /// `backoff_initial_ms` (default 500), `backoff_max_ms` (default 60000).
        public var backoffInitialMs: Int
        public var backoffMaxMs: Int
        /// `unauthorized_backoff_initial_ms` (default 30000), `unauthorized_backoff_max_ms` (default 600000):
        /// the backoff after a 401/403, where quick retries only fill logs.
        public var unauthorizedBackoffInitialMs: Int
        public var unauthorizedBackoffMaxMs: Int
        /// `gzip` (default true).
        public var gzip: Bool
        /// `gzip_level`: zlib level 1–9 (default 3: as fast as 1, a little smaller; 6 and up cost twice the CPU).
        public var gzipLevel: Int = 3
        /// `insecure`: turn TLS certificate verification off (default false). Only for a platform under test:
        /// the daemon warns at every start while it is set.
        public var insecure: Bool = false
    }

    /// `[interpreter]`.
    public struct Interpreter: Sendable, Equatable {
        /// `dedup_window_ms`: same code, same device, inside this window → dropped and counted (default 1500; 0 = off).
        public var dedupWindowMs: Int
        /// `accept_non_gs1`: keep codes without GS1 data as scans (default true); false → rejected.
        public var acceptNonGS1: Bool
        /// `company_prefixes`: table of GS1 company prefix → its length, e.g. `{ "6901234" = 7 }`.
        public var companyPrefixes: [String: Int]
        /// `decode_epc_hex`: a read of 24 hex characters with an SGTIN-96, SSCC-96 or SGLN-96 header (a UHF
        /// RFID reader acting as a keyboard or serial port) becomes a `tag` event with its EPC URI (default true).
        public var decodeEPCHex: Bool = true
    }

    /// `[daemon]`.
    public struct Daemon: Sendable, Equatable {
        /// `log_level`: trace, debug, info, notice, warning, error, critical (default info).
        public var logLevel: String
        /// `status_interval_ms`: while the station's state changes, how often the systemd STATUS line is refreshed
        /// at most (default 2000). An idle station sends only the watchdog ping, at half WatchdogSec. Device
        /// changes reach `edgetrace status` as they happen.
        public var statusIntervalMs: Int
        /// `control_socket`: the Unix socket `edgetrace sync|pause|resume|reload|quarantine` talk to, mode 0660
        /// (members of the service's group may use it); default `/run/edgetrace/control.sock`.
        public var controlSocket: String = EdgeTraceConfiguration.defaultControlSocket
    }

    /// Default `[daemon] control_socket` (under the unit's RuntimeDirectory).
    public static let defaultControlSocket = "/run/edgetrace/control.sock"

    /// `[backup]`: scheduled copies of the database (absent: none).
    public struct Backup: Sendable, Equatable {
        /// `dir`: where the copies go, ideally another disk or a USB stick (required).
        public var dir: String
        /// `interval_h`: hours between copies (default 24, 1–8760).
        public var intervalH: Int = 24
        /// `keep`: how many copies to keep; the oldest beyond it are deleted (default 7, 1–1000).
        public var keep: Int = 7

        public init(dir: String) { self.dir = dir }
    }

    public var station: Station
    public var store: Store
    public var upstream: Upstream?
    public var interpreter: Interpreter
    public var daemon: Daemon
    /// `[backup]`, when configured.
    public var backup: Backup? = nil
    /// `[[device]]` entries.
    public var devices: [DeviceConfiguration]
    /// `[[command]]` entries: command barcodes (`code`, `action`, `value`, `prefix`).
    public var commands: [StationCommand] = []
    /// The file it came from.
    public var file: String
    /// `[metrics]`: Prometheus text at `/metrics` (absent = off).
    public var metrics: MonitorEndpoint? = nil
    /// `[status_page]`: the local status page at `/` and its JSON at `/status.json` (absent = off).
    public var statusPage: MonitorEndpoint? = nil
}

/// One `[[device]]`.
public struct DeviceConfiguration: Sendable, Equatable {
    /// `id` (required, unique), `driver` (required: `serial`, `wedge`, `hidpos`, `camera`, `temper`, `modbus`, `nfc`), `path` (required for all
    /// but `nfc`, where it is the serial port of a PN532: shorthand for `connstring = "pn532_uart:PATH"`),
    /// `enabled` (default true).
    public var id: String
    public var driver: String
    public var path: String?
    public var enabled: Bool
    /// `dedup_window_ms`: overrides the interpreter's window for this device.
    public var dedupWindowMs: Int?
    /// Serial settings (driver `serial`).
    public var serial: SerialScannerSettings?
    /// Keyboard-wedge settings (driver `wedge`).
    public var wedge: WedgeScannerSettings? = nil
    /// HID POS settings (driver `hidpos`).
    public var hidpos: HIDPOSScannerSettings? = nil
    /// Camera settings (driver `camera`).
    public var camera: CameraSettings? = nil
    /// TEMPer USB sensor settings (driver `temper`).
    public var temper: TemperSettings? = nil
    /// Modbus RTU bus settings (driver `modbus`).
    public var modbus: ModbusSettings? = nil
    /// NFC reader settings (driver `nfc`).
    public var nfc: NFCReaderSettings? = nil

    /// `reopen_max_ms` of whichever driver settings there are (default 5000).
    public var reopenMaxMs: Int {
        serial?.reopenMaxMs ?? wedge?.reopenMaxMs ?? hidpos?.reopenMaxMs ?? camera?.reopenMaxMs ?? temper?.reopenMaxMs
            ?? modbus?.reopenMaxMs ?? nfc?.reopenMaxMs ?? 5000
    }
}

/// Settings of a keyboard-wedge scanner (a USB scanner that types like a keyboard), read from its evdev node.
public struct WedgeScannerSettings: Sendable, Equatable {
    /// `layout`: the keyboard layout the scanner is set to type in: us, de, fr (default us).
    public var layout: String
    /// `suffix`: what the scanner types after each code: enter, tab or none (default enter).
    public var suffix: String
    /// `inter_key_timeout_ms`: a pause this long ends a code (suffix = "none"; default 50 there, must be above 0),
    /// or flushes a code whose suffix never came (default 200, 0 = off); range 0…60000.
    public var interKeyTimeoutMs: Int
    /// `gs_substitute`: how the scanner types FNC1 (GS): "ctrl+]" (default), "f1"…"f12", or one character that never
    /// occurs in the data (not a letter or digit).
    public var gsSubstitute: String
    /// `grab`: take the device exclusively (EVIOCGRAB) so that scans reach no console or login prompt (default true).
    public var grab: Bool
    /// `reopen_max_ms`: the longest wait between reopen attempts after an unplug (default 5000).
    public var reopenMaxMs: Int
}

/// Settings of a HID POS barcode scanner (USB HID usage page 0x8C), read from its hidraw node.
public struct HIDPOSScannerSettings: Sendable, Equatable {
    /// `reopen_max_ms`: the longest wait between reopen attempts after an unplug (default 5000).
    public var reopenMaxMs: Int
}

/// Settings of a serial barcode scanner.
public struct SerialScannerSettings: Sendable, Equatable {
    /// `baud` (default 9600), `data_bits` 7/8 (8), `parity` none/even/odd (none), `stop_bits` 1/2 (1).
    public var baud: Int
    public var dataBits: Int
    public var parity: String
    public var stopBits: Int
    /// `framing`: cr, lf, crlf, suffix, timeout (default cr).
    public var framing: String
    /// `suffix`: the terminator for framing = "suffix" (TOML escapes, e.g. "\u0003").
    public var suffix: String?
    /// `inter_char_timeout_ms`: a pause this long ends a frame (framing = "timeout"), or flushes a frame
    /// whose terminator never came (other framings; default 200, 0 = off).
    public var interCharTimeoutMs: Int
    /// `handshake`: none or ack_nak (ACK 0x06 after the durable commit, NAK 0x15 for a rejected code).
    public var handshake: String
    /// `reopen_max_ms`: the longest wait between reopen attempts after an unplug (default 5000).
    public var reopenMaxMs: Int
}

/// Settings of a camera that reads barcodes (driver `camera`): zbar for linear codes and QR, libdmtx for Data Matrix.
public struct CameraSettings: Sendable, Equatable {
    /// Every name `symbologies` accepts, and its default: zbar's configuration names plus `datamatrix` (libdmtx).
    public static let knownSymbologies = [
        "ean13", "ean8", "upca", "upce", "i25", "databar", "databar-exp", "codabar", "code39", "code93", "code128",
        "qrcode", "datamatrix",
    ]

    /// `source`: `v4l2` (default: `path` is a V4L2 device such as /dev/video0), `directory` (`path` is a directory
    /// of PNG/JPEG/PGM images played in name order) or `raw` (`path` is a file of concatenated width×height Y800 frames).
    public var source: String
    /// `width`, `height`: the frame size asked of a V4L2 camera (it may choose another), or the size of each raw
    /// frame (default 640×480, 16–8192).
    public var width: Int
    public var height: Int
    /// `fps`: at most this many frames decoded per second (default 10, 1–60); a V4L2 camera's extra frames are dropped.
    public var fps: Int
    /// `symbologies`: what to decode (default all of ``knownSymbologies``). Fewer is faster; `datamatrix` costs the most.
    public var symbologies: [String]
    /// `reappear_ms`: a code in view is read once; it is read again after it has been out of view this long
    /// (default 1000, 0–3600000).
    public var reappearMs: Int
    /// `datamatrix_timeout_ms`: the longest libdmtx may search one frame (default 100, 10–5000); frames with large
    /// high-contrast areas use all of it.
    public var dataMatrixTimeoutMs: Int
    /// `watch`: directory source: after the last file, wait for new files instead of ending (default true).
    public var watch: Bool
    /// `loop`: directory and raw sources: start again after the last frame (default false).
    public var loop: Bool
    /// `reopen_max_ms`: the longest wait between reopen attempts after the camera went away (default 5000).
    public var reopenMaxMs: Int
    /// `datamatrix_shrink`: libdmtx searches at 1/n of the resolution (default 1, 1–4): 2 is about 4× cheaper per
    /// frame and misses Data Matrix modules under ~3 pixels.
    public var dataMatrixShrink: Int = 1
}
