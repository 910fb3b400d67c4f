import Kernel
import Stack

extension RunReport {
    /// `series.csv`: one row per second with any traffic — orders sent, acknowledgements,
    /// fills, rejections, and the acknowledgement latency's p50/p99 (upper edges of log buckets
    /// four to a power of two, so within 19 %; result.json's rows are exact).
    public var seriesCSV: String {
        let r = run.recorder
        var out = "time,sent,acked,filled,rejected,ack_p50_ns,ack_p99_ns\n"
        let buckets = Recorder.latencyBuckets
        for s in 0..<r.seconds {
            let sent = r.seriesSent[s], acked = r.seriesAcked[s], filled = r.seriesFilled[s], rejected = r.seriesRejected[s]
            if sent == 0 && acked == 0 && filled == 0 && rejected == 0 { continue }
            let histogram = r.seriesLatency[(s * buckets)..<((s + 1) * buckets)]
            let total = histogram.reduce(0) { $0 + Int($1) }
            func percentile(_ p: Double) -> String {
                guard total > 0 else { return "" }
                let rank = Int((p / 100 * Double(total)).rounded(.up))
                var seen = 0
                for (b, n) in histogram.enumerated() {
                    seen += Int(n)
                    if seen >= rank { return String(Recorder.bucketUpperNanos(b)) }
                }
                return ""
            }
            let time = SimTime(nanos: r.dayStart.nanos + Int64(s) * 1_000_000_000)
            out += "\(time),\(sent),\(acked),\(filled),\(rejected),\(percentile(50)),\(percentile(99))\n"
        }
        return out
    }
}
