// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "salience",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "salience", targets: ["salience"]),
        .library(name: "SalienceKit", targets: [
            "Diagnostics", "LinearAlgebra", "TextData", "Models", "Attribution", "Representation",
            "Analysis", "Probing", "Rendering", "Workspace", "Services",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLinearAlgebra",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev", "pkg-config"])]
        ),
        .target(name: "Diagnostics", swiftSettings: optimized),
        .target(name: "LinearAlgebra", dependencies: ["CLinearAlgebra"],
                swiftSettings: optimized, linkerSettings: [.linkedLibrary("openblas"), .linkedLibrary("lapacke")]),
        .target(name: "TextData", dependencies: ["Diagnostics", "LinearAlgebra"], swiftSettings: optimized),
        .target(name: "Models", dependencies: ["Diagnostics", "LinearAlgebra", "TextData"], swiftSettings: optimized),
        .target(name: "Attribution", dependencies: ["Diagnostics", "LinearAlgebra", "Models"], swiftSettings: optimized),
        .target(name: "Representation", dependencies: ["LinearAlgebra"], swiftSettings: optimized),
        .target(name: "Analysis", dependencies: ["Diagnostics", "LinearAlgebra"], swiftSettings: optimized),
        .target(name: "Probing", dependencies: ["Diagnostics", "LinearAlgebra", "TextData", "Models"], swiftSettings: optimized),
        .target(name: "Rendering", dependencies: ["Diagnostics", "LinearAlgebra"], swiftSettings: optimized),
        .target(name: "Workspace", dependencies: [
            "Diagnostics", "TextData",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: optimized),
        .target(name: "Services", dependencies: [
            "Diagnostics",
            "LinearAlgebra", "TextData", "Models", "Attribution", "Representation", "Analysis", "Probing", "Workspace",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: optimized),
        .executableTarget(name: "salience", dependencies: [
            "Diagnostics",
            "LinearAlgebra", "TextData", "Models", "Attribution", "Representation", "Analysis",
            "Probing", "Rendering", "Workspace", "Services",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: optimized),
        .executableTarget(name: "salience-bench", dependencies: [
            "CLinearAlgebra", "LinearAlgebra", "TextData", "Models", "Attribution", "Representation", "Analysis",
        ], path: "Benchmarks/SalienceBench", swiftSettings: optimized),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "TextDataTests", dependencies: ["TextData"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "LinearAlgebra"], exclude: ["Fixtures"]),
        .testTarget(name: "AttributionTests", dependencies: ["Attribution", "Models", "LinearAlgebra"]),
        .testTarget(name: "RepresentationTests", dependencies: ["Representation", "LinearAlgebra"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "LinearAlgebra"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ProbingTests", dependencies: ["Probing", "LinearAlgebra"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "LinearAlgebra"], resources: [.copy("Fixtures")]),
        .testTarget(name: "WorkspaceTests", dependencies: ["Workspace", "Diagnostics", "TextData", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "ServicesTests", dependencies: [
            "Services", "Workspace", "Diagnostics", "TextData", "LinearAlgebra", "Models", "Attribution", "Representation",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "CLITests", dependencies: ["salience", "Models", "LinearAlgebra"], resources: [.copy("Fixtures")]),
    ]
)

/// Bounds checks stay on in debug; release builds (benchmarks, the demo) drop them in hot loops.
var optimized: [SwiftSetting] { [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))] }
