// swift-tools-version:6.1
// Benchmarks for EdgeTrace: a package of its own so that `make test` never builds them in release.
// Run: Benchmarks/run.sh  (or: swift run -c release --package-path Benchmarks edgetrace-bench all)
import PackageDescription

let package = Package(
    name: "EdgeTraceBenchmarks",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "edgetrace-bench", targets: ["EdgeTraceBench"])],
    dependencies: [
        .package(name: "EdgeTrace", path: ".."),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "CDecodeLoop", linkerSettings: [.linkedLibrary("zbar"), .linkedLibrary("dmtx")]),
        .executableTarget(name: "EdgeTraceBench", dependencies: [
            "CSQLite", "CDecodeLoop",
            .product(name: "ImageFiles", package: "EdgeTrace"),
            .product(name: "TraceModel", package: "EdgeTrace"),
            .product(name: "TraceStore", package: "EdgeTrace"),
            .product(name: "TraceSync", package: "EdgeTrace"),
            .product(name: "TraceDevices", package: "EdgeTrace"),
            .product(name: "TraceTesting", package: "EdgeTrace"),
            .product(name: "SerialPort", package: "EdgeTrace"),
            .product(name: "TracePlatformServer", package: "EdgeTrace"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
    ]
)
