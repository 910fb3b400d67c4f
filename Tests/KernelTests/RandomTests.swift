import Foundation
import Testing
@testable import Kernel

@Suite("Seeded randomness and distributions")
struct RandomTests {
    @Test("xoshiro256** from state (1,2,3,4) gives the published first outputs")
    func xoshiroReferenceOutputs() {
        var g = Xoshiro256StarStar(seed: 0)
        (g.s0, g.s1, g.s2, g.s3) = (1, 2, 3, 4)
        #expect(g.next() == 11_520)
        #expect(g.next() == 0)
        #expect(g.next() == 1_509_978_240)
    }

    @Test func streamsDependOnlyOnSeedAndName() {
        let a = RandomStreams(seed: 42), b = RandomStreams(seed: 42), c = RandomStreams(seed: 43)
        var x = a.stream("tier/fast"), y = b.stream("tier/fast"), z = c.stream("tier/fast"), w = a.stream("tier/normal")
        let xs = (0..<8).map { _ in x.next() }
        #expect(xs == (0..<8).map { _ in y.next() })
        #expect(xs != (0..<8).map { _ in z.next() })
        #expect(xs != (0..<8).map { _ in w.next() })
        var i3 = a.stream("node", index: 3), i4 = a.stream("node", index: 4)
        #expect(i3.next() != i4.next())
    }

    @Test func fnv1aMatchesPublishedVectors() {
        #expect(StableHash.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.fnv1a64("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test("next(below:) is uniform and in range")
    func boundedIsUniform() {
        var g = Xoshiro256StarStar(seed: 3)
        var buckets = [Int](repeating: 0, count: 6)
        for _ in 0..<600_000 { buckets[Int(g.next(below: 6))] += 1 }
        for count in buckets { #expect(abs(count - 100_000) < 1_500) }
        for _ in 0..<10_000 {
            let v = g.next(in: -5...5)
            #expect(v >= -5 && v <= 5)
        }
        #expect(g.next(in: 7...7) == 7)
    }

    @Test("deterministic log and exp agree with the platform's to a few ulps on random inputs")
    func deterministicMathMatchesLibm() {
        var g = Xoshiro256StarStar(seed: 5)
        for _ in 0..<200_000 {
            // Positive doubles over the whole exponent range, and many near 1.
            let x = g.chance(0.5) ? Double(sign: .plus, exponent: Int(g.next(below: 2_000)) - 1_000, significand: 1 + g.nextDouble())
                                  : 0.5 + g.nextDouble()
            let want = Foundation.log(x)
            let got = DeterministicMath.log(x)
            #expect(abs(got - want) <= 4 * max(abs(want).ulp, Double.leastNormalMagnitude), "log(\(x))")
            let y = (g.nextDouble() - 0.5) * 1_400
            let ew = Foundation.exp(y)
            let eg = DeterministicMath.exp(y)
            #expect(abs(eg - ew) <= 4 * ew.ulp || (ew < Double.leastNormalMagnitude && abs(eg - ew) <= 4 * Double.leastNonzeroMagnitude), "exp(\(y))")
        }
        #expect(DeterministicMath.log(1) == 0)
        #expect(DeterministicMath.exp(0) == 1)
        #expect(DeterministicMath.log(0) == -.infinity)
        #expect(DeterministicMath.log(-1).isNaN)
        #expect(DeterministicMath.exp(1_000) == .infinity)
        #expect(DeterministicMath.exp(-1_000) == 0)
    }

    @Test("rounding half away from zero without libm gives the platform's value bit for bit")
    func roundedHalfAwayMatchesPlatform() {
        func check(_ x: Double) {
            let want = x.rounded(.toNearestOrAwayFromZero)
            let got = DeterministicMath.roundedHalfAway(x)
            #expect(got.bitPattern == want.bitPattern || (got.isNaN && want.isNaN), "round(\(x)): \(got) against \(want)")
        }
        // Halves, their neighbours, signed zeros, the 2^52 and 2^53 edges, huge values, NaN, ±∞.
        let edges: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
                               0.5.nextUp, 0.5.nextDown, 4_503_599_627_370_495.5, -4_503_599_627_370_495.5,
                               4_503_599_627_370_496, 9_007_199_254_740_993, 1e300, -1e300, 9.2e18, -9.3e18,
                               .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .infinity, -.infinity, .nan]
        for x in edges { check(x); check(x.nextUp); check(x.nextDown) }
        var g = Xoshiro256StarStar(seed: 21)
        for _ in 0..<200_000 {
            // Every scale from tiny to beyond 2^53, both signs, and exact halves.
            let magnitude = Double(sign: .plus, exponent: Int(g.next(below: 130)) - 70, significand: 1 + g.nextDouble())
            let x = g.chance(0.5) ? magnitude : -magnitude
            check(x)
            check(Double(Int64(g.next(below: 1 << 40)) - (1 << 39)) + 0.5)
        }
    }

    private func samples(_ d: Distribution, _ n: Int = 200_000, seed: UInt64 = 9) -> [Double] {
        var g = Xoshiro256StarStar(seed: seed)
        return (0..<n).map { _ in d.sample(using: &g) }
    }

    private func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

    @Test func distributionsHaveTheirDocumentedShape() throws {
        #expect(samples(.constant(3), 10).allSatisfy { $0 == 3 })

        let u = samples(.uniform(low: 10, high: 20))
        #expect(u.allSatisfy { $0 >= 10 && $0 < 20 })
        #expect(abs(mean(u) - 15) < 0.05)

        let e = samples(.exponential(mean: 1_000))
        #expect(e.allSatisfy { $0 >= 0 })
        #expect(abs(mean(e) - 1_000) < 10)
        // P(X > mean) = 1/e.
        #expect(abs(Double(e.filter { $0 > 1_000 }.count) / Double(e.count) - 0.3679) < 0.005)

        let n = samples(.normal(mean: 50, standardDeviation: 5))
        let m = mean(n)
        let sd = (n.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(n.count)).squareRoot()
        #expect(abs(m - 50) < 0.05 && abs(sd - 5) < 0.05)

        let l = samples(.lognormal(mu: DeterministicMath.log(2_000), sigma: 0.5)).sorted()
        #expect(abs(l[l.count / 2] - 2_000) < 20) // the median is exp(mu)

        let p = samples(.pareto(scale: 100, shape: 3))
        #expect(p.allSatisfy { $0 >= 100 })
        #expect(abs(mean(p) - 150) < 2) // α·xm/(α−1)

        let table = try PercentileTable([(0, 80), (50, 120), (99, 900), (100, 4_000)])
        let t = samples(.empirical(table)).sorted()
        #expect(t.first! >= 80 && t.last! <= 4_000)
        #expect(abs(t[t.count / 2] - 120) < 2)
        #expect(abs(t[t.count * 99 / 100] - 900) < 40)
        #expect(table.value(atFraction: 0.25) == 100)
    }

    @Test func nanosecondSamplesRoundAndClamp() {
        var g = Xoshiro256StarStar(seed: 1)
        #expect(Distribution.constant(2.5).sampleNanos(using: &g) == 3)
        #expect(Distribution.constant(2.4).sampleNanos(using: &g) == 2)
        #expect(Distribution.constant(-7).sampleNanos(using: &g) == 0)
        #expect(Distribution.constant(1e30).sampleNanos(using: &g) == .max)
    }

    @Test func invalidParametersAreRefused() {
        #expect(throws: DistributionError.self) { try Distribution.exponential(mean: 0).validate() }
        #expect(throws: DistributionError.self) { try Distribution.uniform(low: 5, high: 1).validate() }
        #expect(throws: DistributionError.self) { try Distribution.normal(mean: .nan, standardDeviation: 1).validate() }
        #expect(throws: DistributionError.self) { try Distribution.pareto(scale: 1, shape: -1).validate() }
        #expect(throws: DistributionError.self) { try PercentileTable([(0, 1)]) }
        #expect(throws: DistributionError.self) { try PercentileTable([(0, 5), (100, 4)]) }
        #expect(throws: DistributionError.self) { try PercentileTable([(1, 5), (100, 6)]) }
        #expect(throws: DistributionError.self) { try PercentileTable([(0, 5), (50, 6), (50, 7), (100, 8)]) }
        #expect(throws: Never.self) { try Distribution.lognormal(mu: 1, sigma: 0.3).validate() }
    }
}
