import Testing
@testable import Kernel

@Suite("Durations and clock times as text")
struct TimeTextTests {
    @Test("durations in every unit parse to exact nanoseconds", arguments: [
        ("250ms", 250_000_000), ("1.5s", 1_500_000_000), ("29m50s", 1_790_000_000_000),
        ("2h", 7_200_000_000_000), ("250us", 250_000), ("250µs", 250_000), ("800ns", 800),
        ("1h30m", 5_400_000_000_000), ("0", 0), ("-5ms", -5_000_000), ("1.000000001s", 1_000_000_001),
        ("0.5us", 500), ("1h2m3s4ms5us6ns", 3_723_004_005_006), (" 10s ", 10_000_000_000),
    ] as [(String, Int64)])
    func parsesDurations(text: String, nanos: Int64) throws {
        #expect(try SimDuration(parsing: text) == SimDuration(nanos: nanos))
    }

    @Test("malformed durations are typed errors that quote the text", arguments: [
        "ms", "5", "5x", "5s5m", "5s5s", "1.5ns", "1..5s", "99999999999999h", "abc", ".s", "5 s", "-",
    ])
    func rejectsMalformedDurations(text: String) {
        do {
            _ = try SimDuration(parsing: text)
            Issue.record("\"\(text)\" parsed")
        } catch {
            #expect(error.description.contains("\"\(text)\""), "\(error.description) should quote \(text)")
        }
    }

    @Test func emptyDurationIsItsOwnError() {
        #expect(throws: TimeParseError.empty) { try SimDuration(parsing: "") }
    }

    @Test func durationErrorsSayWhatWentWrong() {
        #expect(throws: TimeParseError.unknownUnit(text: "5x", unit: "x")) { try SimDuration(parsing: "5x") }
        #expect(throws: TimeParseError.subNanosecond(text: "1.5ns")) { try SimDuration(parsing: "1.5ns") }
        #expect(throws: TimeParseError.outOfRange(text: "99999999999999h", field: "duration")) {
            try SimDuration(parsing: "99999999999999h")
        }
    }

    @Test("durations print in their shortest form", arguments: [
        (1_790_000_000_000, "29m50s"), (1_500_000_000, "1.5s"), (250_000_000, "250ms"), (250_000, "250us"),
        (800, "800ns"), (7_200_000_000_000, "2h"), (0, "0s"), (-5_000_000, "-5ms"), (1_500_000, "1.5ms"),
        (3_723_004_005_006, "1h2m3.004005006s"),
    ] as [(Int64, String)])
    func printsDurations(nanos: Int64, text: String) {
        #expect(SimDuration(nanos: nanos).description == text)
    }

    @Test("any duration prints as text that parses back to it")
    func durationRoundTrip() throws {
        var g = Xoshiro256StarStar(seed: 7)
        for _ in 0..<20_000 {
            // Mix magnitudes: from nanoseconds to days.
            let magnitude = Int64(1) << g.next(below: 57)
            let n = Int64(g.next(below: UInt64(magnitude))) * (g.chance(0.1) ? -1 : 1)
            let d = SimDuration(nanos: n)
            #expect(try SimDuration(parsing: d.description) == d, "\(n) → \(d.description)")
        }
    }

    @Test("clock times", arguments: [
        ("09:15:00", 33_300_000_000_000), ("09:15:00.000250", 33_300_000_250_000), ("00:00:00", 0),
        ("14:57:00.5", 53_820_500_000_000), ("23:59:59.999999999", 86_399_999_999_999), ("25:00:00", 90_000_000_000_000),
    ] as [(String, Int64)])
    func parsesClockTimes(text: String, nanos: Int64) throws {
        #expect(try SimTime(parsing: text) == SimTime(nanos: nanos))
    }

    @Test("malformed clock times quote the text", arguments: [
        "9:15:00", "09:60:00", "09:15:60", "09:15:00.", "09:15:00.1234567890", "09-15-00", "48:00:00", "09:15", "09:15:00x", "ab:cd:ef",
    ])
    func rejectsMalformedClockTimes(text: String) {
        do {
            _ = try SimTime(parsing: text)
            Issue.record("\"\(text)\" parsed")
        } catch {
            #expect(error.description.contains("\"\(text)\""))
        }
    }

    @Test func clockTimesPrint() {
        #expect(SimTime.clock(9, 15).description == "09:15:00")
        #expect(SimTime.clock(9, 15, nanos: 250_000).description == "09:15:00.000250000")
        #expect(SimTime.clock(7, 27).formatted(fractionDigits: 3) == "07:27:00.000")
        #expect(SimTime.clock(7, 27, 1, nanos: 123_456_789).formatted(fractionDigits: 3) == "07:27:01.123")
    }

    @Test("any clock time prints as text that parses back to it")
    func clockRoundTrip() throws {
        var g = Xoshiro256StarStar(seed: 11)
        for _ in 0..<20_000 {
            let t = SimTime(nanos: Int64(g.next(below: 48 * 3_600_000_000_000)))
            #expect(try SimTime(parsing: t.description) == t)
        }
    }

    @Test func timeArithmetic() throws {
        let open = try SimTime(parsing: "09:30:00")
        let close = try SimTime(parsing: "11:30:00")
        #expect(close - open == .hours(2))
        #expect(open + (try SimDuration(parsing: "29m50s")) == SimTime.clock(9, 59, 50))
    }
}
