import Kernel

/// How a population's orders spread over the day: weighted windows of clock time.
///
/// A window's rate is `ordersPerDay × weight / Σ(weight × length)`, so the day's expected
/// total is exactly `ordersPerDay` whatever the weights; outside every window the rate is zero.
public struct ActivityProfile: Equatable, Sendable {
    public struct Window: Equatable, Sendable {
        public var start: SimTime
        public var end: SimTime
        public var weight: Double
        public init(_ start: SimTime, _ end: SimTime, weight: Double) {
            self.start = start; self.end = end; self.weight = weight
        }
    }

    /// Non-overlapping, in time order.
    public var windows: [Window]

    public init(windows: [Window]) { self.windows = windows }

    /// Busy at the open and the close, as brokers see it (SPEC §9: peaks at both call auctions).
    public static let tradingDay = ActivityProfile(windows: [
        Window(.clock(9, 15), .clock(9, 25), weight: 3),
        Window(.clock(9, 25), .clock(9, 30), weight: 1),
        Window(.clock(9, 30), .clock(10, 0), weight: 3),
        Window(.clock(10, 0), .clock(11, 30), weight: 1),
        Window(.clock(13, 0), .clock(14, 30), weight: 1),
        Window(.clock(14, 30), .clock(14, 57), weight: 2),
        Window(.clock(14, 57), .clock(15, 0), weight: 3),
    ])

    /// `Σ weight × length` in seconds.
    public var weightedSeconds: Double {
        windows.reduce(0) { $0 + $1.weight * Double(($1.end - $1.start).nanos) / 1e9 }
    }
}
