#!/usr/bin/env bash
# Shows that another package can depend on SalienceKit by URL and version: SwiftPM refuses a
# versioned dependency whose targets use unsafe flags, so this fails if any come back.
#
# Clones this repository's committed HEAD into a temporary folder, tags the clone 0.1.0, writes
# a throwaway package that depends on it with `.package(url: "file://…", from: "0.1.0")`,
# builds it and runs k-means on a small matrix through the SalienceKit product.
# Usage: scripts/check_consumer_package.sh   (KEEP=1 keeps the temporary folder)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/salience-consumer.XXXXXX")"
if [[ "${KEEP:-0}" != 1 ]]; then trap 'rm -rf "$work"' EXIT; fi

git clone --quiet "$root" "$work/salience"
git -C "$work/salience" tag 0.1.0
mkdir -p "$work/consumer/Sources/consumer"
cat > "$work/consumer/Package.swift" <<SWIFT
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "consumer",
    platforms: [.macOS(.v13)],
    dependencies: [.package(url: "file://$work/salience", from: "0.1.0")],
    targets: [
        .executableTarget(name: "consumer", dependencies: [.product(name: "SalienceKit", package: "salience")]),
    ]
)
SWIFT
cat > "$work/consumer/Sources/consumer/main.swift" <<'SWIFT'
import Analysis
import LinearAlgebra

// Two well-separated groups of three points; k-means with k = 2 must split them.
let points = Matrix(rows: [[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [11, 10]])
var generator = SplitMix64(seed: 0)
let result = KMeans(clusterCount: 2, initializationCount: 3).fit(points, generator: &generator)
let labels = result.assignments
guard Set(labels[0..<3]).count == 1, Set(labels[3..<6]).count == 1, labels[0] != labels[3] else {
    fatalError("unexpected clusters \(labels)")
}
print("SalienceKit k-means from a versioned dependency: clusters \(labels), inertia \(result.inertia)")
SWIFT

cd "$work/consumer"
swift build
"$(swift build --show-bin-path)/consumer"
