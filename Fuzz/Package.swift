// swift-tools-version:6.1
// libFuzzer targets for EdgeTrace's parsers: a package of its own, built with -sanitize=fuzzer,address.
// Run: Fuzz/run.sh [SECONDS] [TARGET…]   (CI runs each target briefly through `make test`; see README)
import PackageDescription

let package = Package(
    name: "EdgeTraceFuzz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fuzz-gs1", targets: ["FuzzGS1"]),
        .executable(name: "fuzz-framing", targets: ["FuzzFraming"]),
        .executable(name: "fuzz-config", targets: ["FuzzConfig"]),
        .executable(name: "fuzz-ndef", targets: ["FuzzNDEF"]),
        .executable(name: "fuzz-platform", targets: ["FuzzPlatform"]),
    ],
    dependencies: [
        .package(name: "EdgeTrace", path: ".."),
    ],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzGS1", dependencies: ["FuzzSupport", .product(name: "TraceModel", package: "EdgeTrace")]),
        .executableTarget(name: "FuzzFraming", dependencies: ["FuzzSupport", .product(name: "TraceDevices", package: "EdgeTrace")]),
        .executableTarget(name: "FuzzConfig", dependencies: ["FuzzSupport", .product(name: "EdgeTraceConfig", package: "EdgeTrace")]),
        .executableTarget(name: "FuzzNDEF", dependencies: ["FuzzSupport", .product(name: "TraceModel", package: "EdgeTrace")]),
        .executableTarget(name: "FuzzPlatform", dependencies: [
            "FuzzSupport", .product(name: "PlatformParsing", package: "EdgeTrace"), .product(name: "TraceModel", package: "EdgeTrace"),
        ]),
    ]
)
