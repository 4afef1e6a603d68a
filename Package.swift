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
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CLinearAlgebra",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev", "pkg-config"])]
        ),
        .target(name: "Diagnostics"),
        .target(name: "LinearAlgebra", dependencies: ["CLinearAlgebra"], linkerSettings: [.linkedLibrary("openblas"), .linkedLibrary("lapacke")]),
        .target(name: "TextData", dependencies: ["Diagnostics", "LinearAlgebra"], resources: [.copy("Resources/fetch_data.py")]),
        .target(name: "Models", dependencies: ["Diagnostics", "LinearAlgebra", "TextData"]),
        .target(name: "Attribution", dependencies: ["Diagnostics", "LinearAlgebra", "Models"]),
        .target(name: "Representation", dependencies: ["LinearAlgebra"]),
        .target(name: "Analysis", dependencies: ["Diagnostics", "LinearAlgebra"]),
        .target(name: "Probing", dependencies: ["Diagnostics", "LinearAlgebra", "TextData", "Models"]),
        .target(name: "Rendering", dependencies: ["Diagnostics", "LinearAlgebra"]),
        .target(name: "Workspace", dependencies: [
            "Diagnostics", "TextData",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .target(name: "Services", dependencies: [
            "Diagnostics",
            "LinearAlgebra", "TextData", "Models", "Attribution", "Representation", "Analysis", "Probing", "Workspace",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .executableTarget(name: "salience", dependencies: [
            "Diagnostics",
            "LinearAlgebra", "TextData", "Models", "Attribution", "Representation", "Analysis",
            "Probing", "Rendering", "Workspace", "Services",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "salience-bench", dependencies: [
            "CLinearAlgebra", "LinearAlgebra", "TextData", "Models", "Attribution", "Representation", "Analysis",
        ], path: "Benchmarks/SalienceBench"),
        // Fuzz targets (see `make fuzz`): plainly built, the program replays a corpus.
        .target(name: "CFuzzing", path: "Fuzz/CFuzzing"),
        .executableTarget(name: "salience-fuzz", dependencies: ["CFuzzing", "LinearAlgebra", "TextData", "Models", "Services"],
                          path: "Fuzz/SalienceFuzz"),
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
        .testTarget(name: "CLITests", dependencies: ["salience", "Models", "LinearAlgebra", .product(name: "GRDB", package: "GRDB.swift")], resources: [.copy("Fixtures")]),
    ]
)

