import Kernel

/// The one-line progress bar a terminal shows during a run: how much of the simulated day is
/// done, the simulated clock, events per wall second and the time left at the rate so far.
public enum ProgressLine {
    /// `[########------------]  42%  sim 11:23  1.20 M events/s  ETA 12 s` in `barWidth` cells.
    public static func text(_ p: RunProgress, wallSeconds: Double, barWidth: Int = 24, label: String = "") -> String {
        let done = p.fraction
        let filled = Int((done * Double(barWidth)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled)
        let percent = Int((done * 100).rounded(.down))
        let rate = wallSeconds > 0 ? Double(p.events) / wallSeconds : 0
        var eta = "ETA --"
        if done > 0.001 && done < 1 && wallSeconds > 0 {
            eta = "ETA " + duration(wallSeconds * (1 - done) / done)
        } else if done >= 1 {
            eta = "done in " + duration(wallSeconds)
        }
        let clock = p.simulated.formatted(fractionDigits: 0)
        let prefix = label.isEmpty ? "" : label + " "
        return "\(prefix)[\(bar)] \(pad(percent))%  sim \(clock)  \(eventsRate(rate)) events/s  \(eta)"
    }

    static func pad(_ n: Int) -> String { n < 10 ? "  \(n)" : n < 100 ? " \(n)" : "\(n)" }

    static func eventsRate(_ r: Double) -> String {
        if r >= 1e6 { return fixed(r / 1e6, 2) + " M" }
        if r >= 1e3 { return fixed(r / 1e3, 1) + " k" }
        return fixed(r, 0)
    }

    /// `42 s`, `3 m 05 s`, `1 h 02 m`.
    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        if t < 60 { return "\(t) s" }
        if t < 3600 { return "\(t / 60) m \(t % 60 < 10 ? "0" : "")\(t % 60) s" }
        return "\(t / 3600) h \(t / 60 % 60 < 10 ? "0" : "")\(t / 60 % 60) m"
    }

    static func fixed(_ v: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let n = Int((v * scale).rounded())
        if digits == 0 { return "\(n)" }
        let whole = n / Int(scale), frac = n % Int(scale)
        let f = String(frac)
        return "\(whole)." + String(repeating: "0", count: digits - f.count) + f
    }
}
