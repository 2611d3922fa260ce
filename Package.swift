// swift-tools-version:6.1
// Loupe: images → labels → trained, promoted models. See README.md for the layout.
import PackageDescription

/// Members of a module are visible only where it is imported: without this, GRDB's string-interpolatable
/// `SQL` leaked into modules that never import GRDB and captured page templates.
let strictImports: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "Loupe",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "loupe-worker", targets: ["loupe-worker"]),
        .executable(name: "loupe", targets: ["loupe"]),
        .executable(name: "loupe-trainer", targets: ["loupe-trainer"]),
        .executable(name: "loupe-events", targets: ["loupe-events"]),
        .executable(name: "loupe-bench", targets: ["loupe-bench"]),
        .executable(name: "loupe-fuzz", targets: ["loupe-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: - C system libraries
        .systemLibrary(name: "CFastCGI", path: "Sources/CFastCGI"),
        .systemLibrary(name: "CJPEG", path: "Sources/CJPEG"),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ"),
        .target(name: "CImageCodec", dependencies: ["CJPEG", "CPNG"],
                linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16")]),

        // MARK: - Libraries
        .target(name: "Domain"),
        .target(name: "Web", dependencies: ["Domain"]),
        // Optimised in debug builds too, as Tensor is: tiling and smart polygons loop over every pixel.
        .target(name: "Imaging", dependencies: ["CImageCodec"], swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "Archive", dependencies: ["CZlib"]),
        // Hot loops: optimised even in debug builds, so unit tests that train real models stay quick.
        .target(name: "CTensorKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "Tensor", dependencies: ["COpenBLAS", "CTensorKernels"], swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Prometheus metrics: what processes report, the master's tally, and the text format.
        .target(name: "Monitoring", dependencies: [
            "Store", "Domain", .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "Logging", package: "swift-log"),
        ]),
        // Content-addressed files on disk or in an S3-compatible bucket (libcurl, signed with swift-crypto).
        .target(name: "FileStore", dependencies: ["CCurl", .product(name: "Crypto", package: "swift-crypto")]),
        // Requests out of Loupe (webhooks): libcurl, with the address guard in front of it.
        .target(name: "Outbound", dependencies: ["CCurl"]),
        .target(name: "FastCGI", dependencies: [
            "CFastCGI", "Web",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Auth", dependencies: [
            "Domain", "Store",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CryptoExtras", package: "swift-crypto"),
        ]),
        .target(name: "Store", dependencies: [
            "Domain", "CLibPQ",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Training", dependencies: [
            "Store", "Tensor", "Imaging", "Domain", "FileStore", "Monitoring", "Archive",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Job event streams for many clients on one thread (the loupe-events process).
        .target(name: "Events", dependencies: ["Web", "Store", "Domain", "Monitoring", .product(name: "Logging", package: "swift-log")]),
        .target(name: "LoupeApp", dependencies: [
            "Web", "Store", "Auth", "Domain", "Imaging", "FileStore", "Archive", "Tensor", "Monitoring", "Outbound",
            .product(name: "Logging", package: "swift-log"),
        ], exclude: ["README.md"]),

        // MARK: - Executables
        .executableTarget(name: "loupe-worker", dependencies: [
            "FastCGI", "FileStore", "LoupeApp", "Store", "Imaging", "Monitoring", "Tensor",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "loupe-trainer", dependencies: [
            "Training", "FileStore", "Store", "Tensor", "Imaging", "Monitoring",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "loupe-events", dependencies: [
            "Events", "LoupeApp", "Store", "Web", "Monitoring",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "loupe", dependencies: [
            "Store", "Auth", "Domain", "Imaging", "FileStore", "Tensor", "LoupeApp", "Web",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Fuzzing (scripts/fuzz builds it with -sanitize=fuzzer,address); built normally it replays saved inputs.
        .executableTarget(name: "loupe-fuzz", dependencies: ["Web", "Domain", "Imaging"]),

        // Benchmarks only (scripts/bench-tensor, bench-detect, bench-claims): calls OpenBLAS directly as the reference.
        .executableTarget(name: "loupe-bench", dependencies: ["Tensor", "COpenBLAS", "Imaging", "Domain", "Training", "Store"]),

        // MARK: - Tests
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(name: "WebTests", dependencies: ["Web"]),
        .testTarget(name: "EventsTests", dependencies: ["Events", "Web", "Store", "Domain"]),
        .target(name: "CPNGFixtures", dependencies: ["CPNG"], path: "Tests/CPNGFixtures",
                linkerSettings: [.linkedLibrary("png16")]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "CImageCodec", "CPNGFixtures"]),
        .testTarget(name: "FileStoreTests", dependencies: ["FileStore"]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "CZlib"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TrainingTests", dependencies: [
            "Training", "Store", "Tensor", "Imaging", "Domain", "FileStore",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "MonitoringTests", dependencies: ["Monitoring", "Store", "Domain"]),
        .testTarget(name: "AuthTests", dependencies: ["Auth", "Store", "Domain"]),
        .testTarget(name: "OutboundTests", dependencies: ["Outbound"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Domain", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "LoupeAppTests", dependencies: [
            "LoupeApp", "Web", "Store", "Auth", "Domain", "Imaging", "FileStore", "Monitoring", "Tensor", "Archive",
            .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ]
)

for target in package.targets where target.type != .system && !["CImageCodec", "CPNGFixtures", "CTensorKernels"].contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + strictImports
}
