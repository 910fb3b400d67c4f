import Foundation
import Kernel
import Testing

/// Random scenarios with the right keys and extreme values, as a structure-aware fuzzer would
/// write them, each through `validate` and a short `run` in its own process, from a repository
/// of its own: every answer is a verdict or a located refusal (exit 0, 1 or 2), and nothing
/// is written outside the run's output folder.
@Suite struct GeneratedScenarioTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Writes scenario text from seeded choices; about half of each field's values are sound.
    struct Generator {
        var rng: Xoshiro256StarStar

        mutating func pick<T>(_ options: [T]) -> T { options[Int(rng.next(below: UInt64(options.count)))] }
        mutating func chance(_ percent: UInt64) -> Bool { rng.next(below: 100) < percent }

        /// `good` mostly; now and then one of the extreme or wrong values.
        mutating func v(_ good: String, _ bad: [String]) -> String { chance(88) ? good : pick(bad) }

        mutating func scenario(_ k: Int) -> String {
            var out = "name: gen-\(k)\nseed: \(v(String(rng.next(below: 1000)), ["0", "9223372036854775807", "-1", "1e30", "x"]))\n"
            out += "day: { start: \"\(v("09:10:00", ["00:00:00", "25:00:00", "9"]))\", end: \"\(v("10:00:00", ["24:00:00", "09:00:00"]))\", "
                + "clearing_at: \"\(v("09:57:00", ["23:59:59", "x"]))\" }\n"
            out += "sessions: [\"09:15:00\", \"09:20:00\", \"09:25:00\", \"09:30:00\", \"09:45:00\", \"09:46:00\", \"09:52:00\", \"09:55:00\"]\n"
            out += "exchanges:\n"
            for market in ["sse", "szse"] {
                out += "  \(market): { symbols: \(v(pick(["20", "5", "200"]), ["0", "1", "100000", "-3"])), "
                    + "other_members_orders_per_second: \(v(pick(["5", "0", "20"]), ["1e9", "-1", "nan"]))"
                if chance(30) { out += ", previous_close_yuan: \(v(pick(["10", "{ lognormal: { median: 10, sigma: 1 } }"]), ["0", "-10", "1e300"]))" }
                out += " }\n"
            }
            out += "clients:\n"
            for cls in ["I", "II", "III"].prefix(Int(rng.next(below: 3)) + 1) {
                out += "  - class: \(cls)\n    clients: \(v(pick(["20", "100", "1"]), ["0", "2000000000", "-5"]))\n"
                out += "    orders_per_day: \(v(pick(["400", "50", "2000"]), ["0", "1e9", "-1", "1.5"]))\n"
                out += "    profile: [ { from: \"\(v("09:15:00", ["25:00:00", "09:50:00"]))\", to: \"\(v("09:45:00", ["09:00:00"]))\", weight: \(v("1", ["0", "-1", "1e6"])) } ]\n"
                if chance(30) { out += "    order_lots: \(v(pick(["1", "{ uniform: { low: 1, high: 50 } }"]), ["-5", "0", "{ uniform: { low: 1, high: 5000 } }", "{ normal: { mean: 5, sd: 2 } }"]))\n" }
                if chance(20) { out += "    cash_yuan: \(v("100000", ["-1e300", "1e14"]))\n" }
                if chance(20) { out += "    \(pick(["zipf_exponent", "queries_per_order", "sell_probability"])): \(v("0.5", ["-1", "1e9"]))\n" }
            }
            if chance(60) {
                out += "faults:\n"
                for f in 0..<(Int(rng.next(below: 3)) + 1) {
                    let start = v(pick(["\"09:31:00\"", "\"09:40:00\"", "\"+25m\""]), ["\"25:00:00\"", "\"+100000h\""])
                    let duration = v(pick(["20s", "2m"]), ["0s", "1000h", "-1s"])
                    switch rng.next(below: 5) {
                    case 0: out += "  - { name: f\(f), kind: host_crash, target: \(v(pick(["fast-shenzhen-1", "normal-shenzhen-1"]), ["nowhere-1"])), start: \(start), duration: \(duration) }\n"
                    case 1: out += "  - { name: f\(f), kind: link_latency, between: [shenzhen, shanghai], start: \(start), duration: \(duration), delay: \(v("5ms", ["0ms", "-1ms", "100000h"])) }\n"
                    case 2: out += "  - { name: f\(f), kind: partition, groups: [[shenzhen], [\(v("shanghai", ["shenzhen", "mars"]))]], start: \(start), duration: \(duration) }\n"
                    case 3: out += "  - { use: \(v(pick(["fast-tier-crash", "inter-site-latency"]), ["no-such-fault"])), name: u\(f), start: \(start) }\n"
                    default: out += "  - { name: f\(f), kind: cpu_load, target: normal-shenzhen-1, start: \(start), duration: \(duration), factor: \(v("4", ["0", "-2", "1e9"])) }\n"
                    }
                }
            }
            return out
        }
    }

    @Test("24 generated scenarios: validate and run answer 0, 1 or 2, and write only into the output folder")
    func generatedScenariosAnswerCleanly() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("firedrill-gen-\(UUID().uuidString)")
        let repo = base.appendingPathComponent("repo")
        for folder in ["Scenarios", "Faults/policies"] {
            try FileManager.default.createDirectory(at: repo.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(at: base) }
        for name in ["fast-tier-crash", "inter-site-latency"] {
            try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Faults/\(name).yaml"), to: repo.appendingPathComponent("Faults/\(name).yaml"))
        }
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Faults/policies/csrc-2012.yaml"),
                                         to: repo.appendingPathComponent("Faults/policies/csrc-2012.yaml"))
        var generator = Generator(rng: Xoshiro256StarStar(seed: 2026))
        var codes: [Int32: Int] = [:]
        for k in 0..<24 {
            let file = "Scenarios/gen-\(k).yaml"
            let text = generator.scenario(k)
            try text.write(to: repo.appendingPathComponent(file), atomically: true, encoding: .utf8)
            let before = try FileManager.default.contentsOfDirectory(atPath: base.path)
            let validate = try FireDrillProcess.run(["validate", file], in: repo)
            #expect([0, 2].contains(validate.status), "\(file) validate: \(validate.status)\n\(text)\n\(validate.stderr)")
            let run = try FireDrillProcess.run(["run", file, "--out", "out/\(k)", "--max-orders", "20000", "--max-clients", "100000", "--quiet"], in: repo)
            #expect([0, 1, 2].contains(run.status), "\(file) run: \(run.status)\n\(text)\n\(run.stderr)")
            // A valid file runs; an invalid one is refused by run as by validate.
            #expect((validate.status == 0) == (run.status != 2) || run.stderr.contains("budget"), "\(file): validate \(validate.status), run \(run.status)\n\(run.stderr)")
            codes[run.status, default: 0] += 1
            if run.status == 2 { #expect(run.stderr.hasPrefix("firedrill: Scenarios/gen-\(k).yaml"), "\(run.stderr)") }
            #expect(try FileManager.default.contentsOfDirectory(atPath: base.path) == before)
        }
        // Written only under out/: the repository holds what it held, and out/<k> per run that got as far.
        let top = try FileManager.default.contentsOfDirectory(atPath: repo.path).sorted()
        #expect(top == ["Faults", "Scenarios", "out"] || top == ["Faults", "Scenarios"], "\(top)")
        #expect(codes[2, default: 0] > 0 && codes[0, default: 0] + codes[1, default: 0] > 0, "both refusals and runs among the generated files: \(codes)")
    }
}
