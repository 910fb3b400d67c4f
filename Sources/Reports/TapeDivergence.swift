import Kernel

/// Where a rerun first parted from a recorded tape.
public enum TapeDivergence: Equatable, Sendable {
    /// Event `index` differs; both lines are known (`nil` when that stream had ended).
    case event(index: Int, block: Int, recorded: String?, now: String?)
    /// Block `block` differs, but the tape keeps only its hash. `now` is the rerun's block with
    /// its lines, when the rerun kept them.
    case block(recorded: EventTape.Block, now: EventTape.Block?)
    /// Every event matched, but the trades' hash did not (a tape edited by hand) or the final
    /// state did (the digest covers asset stores and outcomes after the last event).
    case trades(recorded: String, now: String)
    case finalState(recorded: String, now: String)

    /// The first place `now` departs from `recorded`, or nil when they agree in every event,
    /// trade and final state.
    public static func first(recorded: GoldenTape, now: GoldenTape) -> TapeDivergence? {
        let n = max(recorded.blocks.count, now.blocks.count)
        for k in 0..<n {
            let r = k < recorded.blocks.count ? recorded.blocks[k] : nil
            let c = k < now.blocks.count ? now.blocks[k] : nil
            switch (r, c) {
            case let (r?, c?):
                if let rl = r.lines, let cl = c.lines {
                    for j in 0..<max(rl.count, cl.count) {
                        let a = j < rl.count ? rl[j] : nil, b = j < cl.count ? cl[j] : nil
                        if a != b { return .event(index: r.first + j, block: k, recorded: a, now: b) }
                    }
                    if r.sha256 != c.sha256 { return .block(recorded: r, now: c) }
                } else if r.sha256 != c.sha256 || r.count != c.count {
                    return .block(recorded: r, now: c)
                }
            case let (r?, nil):
                return .event(index: r.first, block: k, recorded: r.lines?.first, now: nil)
            case let (nil, c?):
                return .event(index: c.first, block: k, recorded: nil, now: c.lines?.first)
            case (nil, nil):
                break
            }
        }
        if recorded.tradesSHA256 != now.tradesSHA256 { return .trades(recorded: recorded.tradesSHA256, now: now.tradesSHA256) }
        if recorded.digest != now.digest { return .finalState(recorded: recorded.digest, now: now.digest) }
        return nil
    }
}

/// One line of the event stream, split into its parts: `time node what`.
public struct TapeLine: Equatable, Sendable {
    public var time: String
    public var node: String
    public var what: String

    public init(_ line: String) {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        time = parts.count > 0 ? parts[0] : ""
        node = parts.count > 1 ? parts[1] : ""
        what = parts.count > 2 ? parts[2] : ""
    }
}
