import Exchange
import Kernel

extension StackConfig {
    /// A short seeded day for tests and quick checks: 10,000 clients, 09:10–10:00, on a compressed
    /// session clock — the opening call auction as usual (09:15–09:25), continuous trading
    /// 09:30–09:45 and 09:46–09:52, the closing call 09:52–09:55 — so every order ends before
    /// clearing at 09:57.
    public static var shortDay: StackConfig {
        var config = StackConfig()
        config.name = "short-day"
        config.dayStart = .clock(9, 10)
        config.dayEnd = .clock(10, 0)
        config.clearingAt = .clock(9, 57)
        let c = TradingSchedule.clock
        config.schedule = TradingSchedule(boundariesNanos: [
            c(9, 15, 0), c(9, 20, 0), c(9, 25, 0), c(9, 30, 0), c(9, 45, 0), c(9, 46, 0), c(9, 52, 0), c(9, 55, 0),
        ])!
        let morning = ActivityProfile(windows: [
            .init(.clock(9, 15), .clock(9, 25), weight: 3),
            .init(.clock(9, 25), .clock(9, 30), weight: 1),
            .init(.clock(9, 30), .clock(9, 45), weight: 2),
            .init(.clock(9, 46), .clock(9, 52), weight: 2),
            .init(.clock(9, 52), .clock(9, 55), weight: 3),
        ])
        for k in config.populations.indices {
            config.populations[k].profile = morning
            config.populations[k].cancelAfterNanos = .exponential(mean: 5e9)
        }
        config.populations[0].clients = 100
        config.populations[0].ordersPerDay = 3_000
        config.populations[1].clients = 900
        config.populations[1].ordersPerDay = 3_000
        config.populations[2].clients = 9_000
        config.populations[2].ordersPerDay = 4_000
        for k in config.venues.indices {
            config.venues[k].symbols = 60
            config.venues[k].otherMembersOrdersPerSecond = 20
        }
        return config
    }
}
