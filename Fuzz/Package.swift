// swift-tools-version: 6.1
//
// libFuzzer targets for every parser of untrusted input, kept out of the main package: it
// builds only with the fuzzing sanitizer (`main` hands over to libFuzzer's driver).
// Run from the repository root: `Fuzz/run.sh` (builds, then fuzzes each parser in turn).
import PackageDescription

let package = Package(
    name: "FireDrillFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "FireDrill", path: ".."),
    ],
    targets: [
        // One binary; FIREDRILL_FUZZ_TARGET picks the parser (scenario, fault, layout, policy,
        // orders, symbols, tape, seed-record).
        .executableTarget(
            name: "FireDrillFuzz",
            dependencies: [
                .product(name: "Boundary", package: "FireDrill"),
                .product(name: "Scenario", package: "FireDrill"),
                .product(name: "ExchangeReplay", package: "FireDrill"),
                .product(name: "Reports", package: "FireDrill"),
                .product(name: "Harness", package: "FireDrill"),
                .product(name: "Stack", package: "FireDrill"),
            ]
        ),
    ]
)
