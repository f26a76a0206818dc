// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "EdgeTrace",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "edgetraced", targets: ["EdgeTraceDaemon"]),
        .executable(name: "edgetrace", targets: ["EdgeTraceCLI"]),
        .executable(name: "edgetrace-platform", targets: ["TracePlatform"]),
        .executable(name: "edgetrace-input-probe", targets: ["InputProbe"]),
        .executable(name: "edgetrace-sensor-probe", targets: ["SensorProbe"]),
        .library(name: "TraceModel", targets: ["TraceModel"]),
        .library(name: "TraceStore", targets: ["TraceStore"]),
        .library(name: "TraceTesting", targets: ["TraceTesting"]),
        .library(name: "TraceSync", targets: ["TraceSync"]),
        .library(name: "TraceDevices", targets: ["TraceDevices"]),
        .library(name: "SerialPort", targets: ["SerialPort"]),
        .library(name: "InputDevice", targets: ["InputDevice"]),
        .library(name: "USB", targets: ["USB"]),
        .library(name: "ZBar", targets: ["ZBar"]),
        .library(name: "NFC", targets: ["NFC"]),
        .library(name: "DataMatrix", targets: ["DataMatrix"]),
        .library(name: "ImageFiles", targets: ["ImageFiles"]),
        .library(name: "TracePlatformServer", targets: ["TracePlatformServer"]),
        .library(name: "PlatformParsing", targets: ["PlatformParsing"]),
        .library(name: "EdgeTraceConfig", targets: ["EdgeTraceConfig"]),
        .library(name: "StationMonitor", targets: ["StationMonitor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: C wrappers (the only modules that call the C library / kernel directly)
        .target(name: "SystemSupport"),
        .target(name: "SerialPort", dependencies: ["SystemSupport"]),
        // The daemon's control socket protocol (line-delimited JSON) and the CLI's client for it.
        .target(name: "EdgeTraceControl", dependencies: ["SystemSupport"]),
        // evdev and hidraw nodes: ioctl request macros come from CInputDevice's shim.h (headers only, no library).
        .systemLibrary(name: "CInputDevice"),
        .target(name: "InputDevice", dependencies: ["CInputDevice", "SystemSupport"]),
        // <zbar.h> only: libzbar is loaded on first use by CZBarLoader (its header says why), not linked.
        .systemLibrary(name: "CZBar", providers: [.apt(["libzbar-dev"])]),
        .target(name: "CZBarLoader", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "ZBar", dependencies: ["CZBar", "CZBarLoader", "SystemSupport"]),
        .systemLibrary(name: "CDmtx", pkgConfig: "libdmtx", providers: [.apt(["libdmtx-dev"])]),
        .target(name: "DataMatrix", dependencies: ["CDmtx"]),
        .systemLibrary(name: "CImageFiles", pkgConfig: "libpng", providers: [.apt(["libpng-dev", "libturbojpeg0-dev"])]),
        .target(name: "ImageFiles", dependencies: ["CImageFiles", "SystemSupport"]),
        // USB sensors (TEMPer): libusb 1.0, included as <libusb-1.0/libusb.h>.
        .systemLibrary(name: "CLibUSB", pkgConfig: "libusb-1.0", providers: [.apt(["libusb-1.0-0-dev"])]),
        .target(name: "USB", dependencies: ["CLibUSB"]),
        // libnfc's pkg-config file also links the old libusb-0.1 (Debian libusb-dev).
        .systemLibrary(name: "CNFC", pkgConfig: "libnfc", providers: [.apt(["libnfc-dev", "libusb-dev"])]),
        .target(name: "NFC", dependencies: ["CNFC"]),

        // MARK: Domain
        .target(name: "TraceModel", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),

        // MARK: Services
        .target(name: "TraceStore", dependencies: [
            "TraceModel", "SystemSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "TraceDevices", dependencies: [
            "TraceModel", "SerialPort", "SystemSupport", "InputDevice", "ZBar", "DataMatrix", "ImageFiles", "USB", "NFC",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .target(name: "TraceSync", dependencies: [
            "TraceModel", "TraceStore", "SystemSupport",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "CompressNIO", package: "compress-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        // Prometheus metrics and the local status page, served over HTTP/1 on loopback or a Unix socket.
        .target(name: "StationMonitor", dependencies: [
            "TraceStore", "TraceDevices",
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .target(name: "EdgeTraceConfig", dependencies: [
            "TraceModel", "TOMLKit",
        ]),
        // The platform's reading of request bodies, Foundation only (fuzzed without building NIO).
        .target(name: "PlatformParsing", dependencies: ["TraceModel"]),
        // Configuration → device drivers (DriverFactory), shared by the daemon and the CLI's `scan`.
        .target(name: "DeviceWiring", dependencies: [
            "EdgeTraceConfig", "TraceDevices", "TraceModel", "SerialPort", "NFC",
        ]),
        .target(name: "TracePlatformServer", dependencies: [
            "TraceModel", "PlatformParsing",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "CompressNIO", package: "compress-nio"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // MARK: Executables (wiring only)
        .executableTarget(name: "EdgeTraceDaemon", dependencies: [
            "TraceModel", "TraceStore", "TraceDevices", "TraceSync", "EdgeTraceConfig", "SystemSupport", "DeviceWiring",
            "EdgeTraceControl", "StationMonitor",
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "EdgeTraceCLI", dependencies: [
            "TraceModel", "TraceStore", "TraceSync", "EdgeTraceConfig", "TraceDevices", "DeviceWiring", "ImageFiles", "EdgeTraceControl",
            "SystemSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "TracePlatform", dependencies: [
            "TracePlatformServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),

        // A test helper: runs the wedge or HID POS driver alone and prints its readings as JSON lines
        // (the tests run it under umockdev-run against emulated evdev/hidraw nodes).
        .executableTarget(name: "InputProbe", dependencies: [
            "TraceDevices", "TraceModel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),

        // A test helper: runs the TEMPer or Modbus sensor driver alone and prints its readings as JSON lines
        // (the tests run it under umockdev-run against emulated USB devices, and against a Modbus pty emulator).
        .executableTarget(name: "SensorProbe", dependencies: [
            "TraceDevices", "TraceModel", "SerialPort",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),

        // MARK: Test kit
        .target(name: "TraceTesting", dependencies: ["TraceModel", "SerialPort", "SystemSupport", "InputDevice", "ImageFiles"]),

        // MARK: Tests
        .testTarget(name: "TraceModelTests", dependencies: ["TraceModel"], exclude: ["Fixtures"]),
        .testTarget(name: "SerialPortTests", dependencies: ["SerialPort", "SystemSupport", "TraceTesting", "TraceDevices"]),
        .testTarget(name: "TraceStoreTests", dependencies: ["TraceStore", "TraceModel"]),
        .testTarget(name: "TraceDevicesTests", dependencies: ["TraceDevices", "TraceTesting", "TraceModel", "InputDevice", "CInputDevice", "SystemSupport", "EdgeTraceConfig", "USB", "SerialPort", "NFC"]),
        .testTarget(name: "BarcodeDecoderTests", dependencies: ["ZBar", "DataMatrix", "ImageFiles", "TraceTesting"]),
        .testTarget(name: "TraceSyncTests", dependencies: [
            "TraceSync", "TraceTesting", "TraceStore", "TraceModel", "TracePlatformServer",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .testTarget(name: "TracePlatformServerTests", dependencies: [
            "TracePlatformServer", "PlatformParsing", "TraceTesting",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "CompressNIO", package: "compress-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "EdgeTraceConfigTests", dependencies: ["EdgeTraceConfig", "TraceModel"]),
        .testTarget(name: "EdgeTraceControlTests", dependencies: ["EdgeTraceControl", "SystemSupport"]),
        .testTarget(name: "StationMonitorTests", dependencies: [
            "StationMonitor", "TraceStore", "TraceDevices",
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .testTarget(name: "IntegrationTests", dependencies: [
            "TraceTesting", "TraceModel", "TraceStore", "InputDevice", "ImageFiles",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
    ]
)
