// swift-tools-version: 6.1
//
// FireDrill: a deterministic discrete-event simulator and chaos-testing harness
// for a securities trading stack. Modules are layered one way only:
//
//     (Boundary, beneath all that read files: which files may be read and written, and how
//     untrusted text is quoted)
//     Kernel ─▶ Net ─▶ (Exchange, Stack) ─▶ Chaos ─▶ Scenario ─▶ Scoring ─▶ Reports ─▶ Harness ─▶ Explore ─▶ firedrill
//
// (Scoring and Reports read a finished run and need no Scenario.)
//
// Benchmarks live in their own package under Benchmarks/ so that the main build
// does not pull in the benchmark harness.
import Foundation
import PackageDescription

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let yams: Target.Dependency = .product(name: "Yams", package: "Yams")

// The modules every event passes through, in release builds: no runtime exclusivity checks
// (debug builds and the tests keep them), and function bodies exported for inlining across
// modules. Measured in Benchmarks/README.md. Debug builds optimize them too (-O, exclusivity
// still checked): the tests run whole trading days through them, and `swift test` takes about
// two minutes instead of nine on two cores, for about a minute more of building.
let hotPath: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release)),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

// The firedrill binary runs on jemalloc when Debian's libjemalloc-dev is installed
// (`apt-get install libjemalloc-dev`), and on the C library's malloc when it is not; set
// FIREDRILL_ALLOCATOR=system to build without it anyway. `firedrill bench day` prints which
// allocator it ran on. (SwiftPM caches this decision: after installing or removing the
// library, `rm -rf .build ~/.cache/org.swift.swiftpm/manifests` makes the next build look again.)
let jemallocLibraries = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"]
    .map { $0 + "/libjemalloc.so" }
let useJemalloc = ProcessInfo.processInfo.environment["FIREDRILL_ALLOCATOR"] != "system"
    && jemallocLibraries.contains { FileManager.default.fileExists(atPath: $0) }
let allocator: [LinkerSetting] = useJemalloc ? [.linkedLibrary("jemalloc", .when(platforms: [.linux]))] : []

let package = Package(
    name: "FireDrill",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "firedrill", targets: ["firedrill"]),
        .library(name: "Boundary", targets: ["Boundary"]),
        .library(name: "Kernel", targets: ["Kernel"]),
        .library(name: "Net", targets: ["Net"]),
        .library(name: "Exchange", targets: ["Exchange"]),
        .library(name: "ExchangeReplay", targets: ["ExchangeReplay"]),
        .library(name: "Stack", targets: ["Stack"]),
        .library(name: "Chaos", targets: ["Chaos"]),
        .library(name: "Scenario", targets: ["Scenario"]),
        .library(name: "Scoring", targets: ["Scoring"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Harness", targets: ["Harness"]),
        .library(name: "Explore", targets: ["Explore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // The trust boundary: which files a run may read (inside the repository root, regular
        // files only) and how it writes its output folders (never through a link). No dependencies.
        .target(name: "Boundary"),
        // Virtual time, event queue, seeded randomness, trace points, run digest.
        .target(name: "Kernel", dependencies: [crypto], swiftSettings: hotPath),
        // Sites, hosts, links and partitions on top of the kernel's clock.
        .target(name: "Net", dependencies: ["Kernel"], swiftSettings: hotPath),
        // Order books, continuous matching, call auctions and sessions. Pure: no Kernel, no Net.
        .target(name: "Exchange", exclude: ["RULES.md"], swiftSettings: hotPath),
        // Order and symbol files, trade tapes and generated days around the Exchange engine.
        .target(name: "ExchangeReplay", dependencies: ["Exchange", "Kernel", "Boundary", crypto], swiftSettings: hotPath),
        // The simulated stack: clients, gateways, tiers, dispatch, offer gateways, exchanges, clearing, recorder.
        .target(name: "Stack", dependencies: ["Kernel", "Net", "Exchange"], swiftSettings: hotPath),
        // Faults and policies as data: the fault catalogue, fault plans, the incident-grading table.
        .target(name: "Chaos", dependencies: ["Stack", "Net", "Kernel"]),
        // Scenario and policy files: YAML with file:line:column errors, into a StackConfig or a policy.
        .target(name: "Scenario", dependencies: ["Stack", "Chaos", "Kernel", "Boundary", yams]),
        // Judging a run: SLA rows, invariants, incident grades, the verdict.
        .target(name: "Scoring", dependencies: ["Stack", "Chaos", "Exchange", "Kernel"]),
        // result.json, report.md, report.html, junit.xml, the per-second series, golden tape files.
        .target(name: "Reports", dependencies: ["Scoring", "Chaos", "Stack", "Exchange", "Kernel", "Boundary"]),
        // The options jemalloc reads at start-up (`malloc_conf`): transparent huge pages.
        .target(name: "CAllocatorTuning"),
        // What users run, as functions: a scenario on a layout, tapes recorded and verified,
        // seed sweeps and their merge, layouts compared.
        .target(name: "Harness", dependencies: ["Reports", "Scoring", "Scenario", "Chaos", "Stack", "Kernel", "Boundary", "CAllocatorTuning", crypto]),
        // Searching fault plans: contingency sweeps, swarm and coverage-guided runs, shrinking
        // each distinct failure to a minimal scenario file.
        .target(name: "Explore", dependencies: ["Harness", "Reports", "Scoring", "Scenario", "Chaos", "Stack", "Exchange", "Kernel", "Boundary"]),
        // The command-line tool; holds no logic a test cannot reach through the libraries.
        .executableTarget(name: "firedrill", dependencies: [
            "Boundary", "Kernel", "Net", "Exchange", "ExchangeReplay", "Stack", "Chaos", "Scenario", "Scoring", "Reports", "Harness", "Explore",
            argumentParser,
        ], linkerSettings: allocator),

        .testTarget(name: "BoundaryTests", dependencies: ["Boundary"]),
        .testTarget(name: "KernelTests", dependencies: ["Kernel"]),
        .testTarget(name: "NetTests", dependencies: ["Net", "Kernel"]),
        .testTarget(name: "ExchangeTests", dependencies: ["Exchange"]),
        .testTarget(name: "ExchangeReplayTests", dependencies: ["ExchangeReplay", "Exchange", "Kernel"]),
        .testTarget(name: "StackTests", dependencies: ["Stack", "Scoring", "Kernel", "Net", "Exchange"]),
        // Yams for a slow reference: a composed tree, counted, against the budget's one-pass count.
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Stack", "Kernel", "Boundary", yams]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "Scenario", "Chaos", "Stack", "Kernel"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Scoring", "Stack", "Kernel"]),
        .testTarget(name: "ExploreTests", dependencies: ["Explore", "Harness", "Scenario", "Chaos", "Stack", "Kernel"]),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "Reports", "Scenario", "Stack", "Kernel", "Boundary"]),
        .testTarget(name: "ChaosTests", dependencies: ["Chaos", "Stack", "Scoring", "Kernel", "Net", "Exchange"]),
        // Runs the built `firedrill` binary in separate processes (cross-process determinism, exit codes).
        .testTarget(name: "CLITests", dependencies: ["firedrill", "Kernel", "Net", "ExchangeReplay"]),
    ]
)
