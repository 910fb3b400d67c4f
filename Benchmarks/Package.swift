// swift-tools-version: 6.1
//
// package-benchmark suites for FireDrill, kept out of the main package so that
// `swift build` and `swift test` there do not build the benchmark harness.
// Run from this folder: `swift package benchmark`.
import PackageDescription

let package = Package(
    name: "FireDrillBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "FireDrill", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "KernelBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Kernel", package: "FireDrill"),
                .product(name: "Net", package: "FireDrill"),
            ],
            path: "KernelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "MatchingBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Exchange", package: "FireDrill"),
                .product(name: "ExchangeReplay", package: "FireDrill"),
            ],
            path: "MatchingBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "DayBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Harness", package: "FireDrill"),
            ],
            path: "DayBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
