import Kernel

/// A chart over the trading day's clock, written as one inline `<svg class="chart">` element
/// for `report.html`: a time axis with clock-time ticks, a plot — lines and areas against a
/// linear or logarithmic value axis, or lanes of bars and markers — shaded, labelled bands
/// (fault windows) across it, and a legend.
///
/// Data is drawn only with `<path>` elements (axes and grid are `<line>`s, bands `<rect>`s), so
/// a chart that drew anything holds a path with a non-empty `d`. Output is text made from the
/// inputs in their order, coordinates to one decimal without locale: the same chart is always
/// the same bytes. Rendering is O(points + marks + bands).
public struct SVGChart: Sendable {
    /// How values map to height.
    public enum Scale: Sendable, Equatable {
        case linear
        /// Base-10 logarithmic; values at or below the axis minimum sit on it.
        case log
    }

    /// How tick values are written.
    public enum TickFormat: Sendable, Equatable {
        /// Nanoseconds in the largest unit that keeps the number at least 1: `10 µs`, `2.5 ms`, `1 s`.
        case duration
        case count
        /// A share in 0…1 as `95 %`.
        case percent
    }

    /// The value axis of a line plot, with its ticks.
    public struct ValueAxis: Sendable, Equatable {
        public var label: String
        public var scale: Scale
        public var min: Double
        public var max: Double
        public var ticks: [Double]
        public var format: TickFormat

        public init(label: String, scale: Scale, min: Double, max: Double, ticks: [Double], format: TickFormat) {
            precondition(max > min && (scale == .linear || min > 0), "an axis needs max > min, and min > 0 on a log scale")
            self.label = label; self.scale = scale; self.min = min; self.max = max; self.ticks = ticks; self.format = format
        }

        /// A linear axis from 0 to a round number at or above `maxValue`, with a tick every
        /// 1, 2 or 5 × 10^k, about five in all.
        public static func linear(label: String, upTo maxValue: Double, format: TickFormat) -> ValueAxis {
            let top = maxValue > 0 ? maxValue : 1
            let raw = top / 5
            var magnitude = 1.0
            while magnitude * 10 <= raw { magnitude *= 10 }
            while magnitude > raw { magnitude /= 10 }
            let residual = raw / magnitude
            let step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10) * magnitude
            let count = Int((top / step - 1e-9).rounded(.up))
            let ticks = (0...Swift.max(1, count)).map { Double($0) * step }
            return ValueAxis(label: label, scale: .linear, min: 0, max: ticks.last!, ticks: ticks, format: format)
        }

        /// A log axis over whole powers of ten covering `[low, high]` (positive), a tick at each.
        public static func logarithmic(label: String, covering low: Double, _ high: Double, format: TickFormat) -> ValueAxis {
            precondition(low > 0 && high >= low, "a log axis covers positive values")
            var bottom = 1.0
            while bottom * 10 <= low { bottom *= 10 }
            while bottom > low { bottom /= 10 }
            var top = bottom * 10
            while top < high { top *= 10 }
            var ticks: [Double] = []
            var t = bottom
            while t <= top * 1.000001 { ticks.append(t); t *= 10 }
            return ValueAxis(label: label, scale: .log, min: bottom, max: top, ticks: ticks, format: format)
        }
    }

    /// One value (finite) at one instant; `nil` breaks the line (nothing was measured there).
    public struct Point: Sendable, Equatable {
        public var at: SimTime
        public var value: Double?
        public init(at: SimTime, value: Double?) { self.at = at; self.value = value }
    }

    public enum Style: Sendable, Equatable {
        case line, dashed
        /// A line with the area under it filled down to the axis (in a legend: a shaded box).
        case area
        /// Legend only: a solid box (a lane's bar), or a marker.
        case box, marker
    }

    /// A named line over time.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var colour: String
        public var style: Style
        public var points: [Point]
        public init(name: String, colour: String, style: Style = .line, points: [Point]) {
            self.name = name; self.colour = colour; self.style = style; self.points = points
        }
        /// Whether any point has a value.
        public var isEmpty: Bool { !points.contains { $0.value != nil } }
    }

    /// A shaded window across the plot, labelled at its top (a fault from its start to recovery).
    public struct Band: Sendable, Equatable {
        public var from: SimTime
        public var to: SimTime
        public var label: String
        /// Shown on hover, with the window's times; the label when `nil`.
        public var detail: String?
        public init(from: SimTime, to: SimTime, label: String, detail: String? = nil) {
            self.from = from; self.to = to; self.label = label; self.detail = detail
        }
    }

    /// Something on a lane: a bar over `[from, to)`, or a marker at `from` when `to` is `nil`.
    public struct Mark: Sendable, Equatable {
        public var from: SimTime
        public var to: SimTime?
        public var colour: String
        /// Shown on hover; also the mark's accessible text.
        public var title: String
        /// A bar half as tall, drawn over a full one (an outage within a fault's window).
        public var thin: Bool
        public init(from: SimTime, to: SimTime?, colour: String, title: String, thin: Bool = false) {
            self.from = from; self.to = to; self.colour = colour; self.title = title; self.thin = thin
        }
    }

    /// One row of a timeline.
    public struct Lane: Sendable, Equatable {
        public var label: String
        public var marks: [Mark]
        public init(label: String, marks: [Mark]) { self.label = label; self.marks = marks }
    }

    public struct LegendEntry: Sendable, Equatable {
        public var name: String
        public var colour: String
        public var style: Style
        public init(name: String, colour: String, style: Style) { self.name = name; self.colour = colour; self.style = style }
    }

    public enum Plot: Sendable, Equatable {
        case lines(ValueAxis, [Series])
        case lanes([Lane], legend: [LegendEntry])
    }

    /// The element id (also prefixes the title's id).
    public var id: String
    public var title: String
    /// The time axis runs over `[from, to]`.
    public var from: SimTime
    public var to: SimTime
    public var plot: Plot
    public var bands: [Band]
    /// Width of the drawing in SVG units; the height follows from the plot.
    public var width: Double = 960

    public init(id: String, title: String, from: SimTime, to: SimTime, plot: Plot, bands: [Band] = []) {
        precondition(to > from, "a chart needs a time window")
        self.id = id; self.title = title; self.from = from; self.to = to; self.plot = plot; self.bands = bands
    }

    // MARK: Layout

    static let marginTop = 34.0, marginRight = 20.0, marginBottom = 40.0
    static let lineMarginLeft = 78.0, laneMarginLeft = 232.0
    static let linePlotHeight = 240.0, laneHeight = 24.0, barHeight = 14.0
    static let legendRowHeight = 18.0, legendCharWidth = 6.6
    static let laneLabelMaxChars = 36

    public var plotLeft: Double {
        if case .lanes = plot { return SVGChart.laneMarginLeft }
        return SVGChart.lineMarginLeft
    }
    public var plotRight: Double { width - SVGChart.marginRight }
    public var plotTop: Double { SVGChart.marginTop }
    public var plotBottom: Double {
        switch plot {
        case .lines: return plotTop + SVGChart.linePlotHeight
        case let .lanes(lanes, _): return plotTop + SVGChart.laneHeight * Double(Swift.max(1, lanes.count))
        }
    }
    public var height: Double { plotBottom + SVGChart.marginBottom + Double(legendLayout.rows) * SVGChart.legendRowHeight + 6 }

    /// Horizontal position of `t`, clamped to the plot.
    public func x(_ t: SimTime) -> Double {
        let clamped = Swift.min(Swift.max(t, from), to)
        return plotLeft + Double((clamped - from).nanos) / Double((to - from).nanos) * (plotRight - plotLeft)
    }

    /// Vertical position of `value` on a line plot's axis, clamped to the plot.
    public func y(_ value: Double) -> Double {
        guard case let .lines(axis, _) = plot else { preconditionFailure("a lane plot has no value axis") }
        let fraction: Double
        switch axis.scale {
        case .linear: fraction = (value - axis.min) / (axis.max - axis.min)
        case .log:
            let low = DeterministicMath.log(axis.min), high = DeterministicMath.log(axis.max)
            fraction = value <= axis.min ? 0 : (DeterministicMath.log(value) - low) / (high - low)
        }
        return plotBottom - Swift.min(1, Swift.max(0, fraction)) * (plotBottom - plotTop)
    }

    /// Local fonts only, with CJK ones for grade labels such as `较大`; nothing is fetched.
    static let fontFamily = "system-ui, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"

    /// A coordinate as the SVG text writes it: one decimal, no locale, no exponent.
    public static func number(_ v: Double) -> String { JSONValue.format(v, digits: 1) }

    // MARK: Rendering

    /// The `<svg>` element.
    public var svg: String {
        let n = SVGChart.number
        var out = "<svg class=\"chart\" id=\"\(id.markupEscaped)\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" "
        out += "height=\"\(n(height))\" role=\"img\" aria-labelledby=\"\(id.markupEscaped)-title\" font-family=\"\(SVGChart.fontFamily)\" font-size=\"11\">\n"
        out += "<title id=\"\(id.markupEscaped)-title\">\(title.markupEscaped)</title>\n"
        out += "<rect class=\"frame\" x=\"\(n(plotLeft))\" y=\"\(n(plotTop))\" width=\"\(n(plotRight - plotLeft))\" "
        out += "height=\"\(n(plotBottom - plotTop))\" fill=\"#fcfcfd\" stroke=\"#c8ccd2\"/>\n"
        out += timeAxis()
        switch plot {
        case let .lines(axis, series):
            out += valueAxis(axis)
            out += bandsText()
            for s in series where !s.isEmpty { out += line(s) }
        case let .lanes(lanes, _):
            out += bandsText()
            out += lanesText(lanes)
        }
        out += legendText()
        out += "</svg>"
        return out
    }

    private func timeAxis() -> String {
        let n = SVGChart.number
        let span = (to - from).nanos
        let maxTicks = Swift.max(2, Int((plotRight - plotLeft) / 72))
        let stepsSeconds: [Int64] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600]
        let stepSeconds = stepsSeconds.first { span / ($0 * 1_000_000_000) <= Int64(maxTicks) } ?? 21_600
        let step = stepSeconds * 1_000_000_000
        var out = "<g class=\"x-axis\">\n"
        var t = (from.nanos + step - 1) / step * step
        while t <= to.nanos {
            let tx = n(x(SimTime(nanos: t)))
            out += "<line x1=\"\(tx)\" y1=\"\(n(plotTop))\" x2=\"\(tx)\" y2=\"\(n(plotBottom + 4))\" stroke=\"#e3e6ea\"/>"
            let text = SimTime(nanos: t).formatted(fractionDigits: 0)
            out += "<text x=\"\(tx)\" y=\"\(n(plotBottom + 16))\" text-anchor=\"middle\">\(stepSeconds < 60 ? text : String(text.prefix(5)))</text>\n"
            t += step
        }
        out += "<text x=\"\(n(plotRight))\" y=\"\(n(plotBottom + 31))\" text-anchor=\"end\" fill=\"#666\">simulated clock (CST)</text>\n"
        out += "</g>\n"
        return out
    }

    private func valueAxis(_ axis: ValueAxis) -> String {
        let n = SVGChart.number
        var out = "<g class=\"y-axis\">\n"
        for tick in axis.ticks where tick >= axis.min && tick <= axis.max {
            let ty = n(y(tick))
            out += "<line x1=\"\(n(plotLeft - 4))\" y1=\"\(ty)\" x2=\"\(n(plotRight))\" y2=\"\(ty)\" stroke=\"#e3e6ea\"/>"
            out += "<text x=\"\(n(plotLeft - 7))\" y=\"\(ty)\" dy=\"0.32em\" text-anchor=\"end\">\(SVGChart.tickText(tick, axis.format).markupEscaped)</text>\n"
        }
        let mid = (plotTop + plotBottom) / 2
        out += "<text transform=\"rotate(-90)\" x=\"\(n(-mid))\" y=\"14\" text-anchor=\"middle\" fill=\"#444\">\(axis.label.markupEscaped)</text>\n"
        out += "</g>\n"
        return out
    }

    static func tickText(_ v: Double, _ format: TickFormat) -> String {
        switch format {
        case .duration:
            let units: [(Double, String)] = [(1e9, "s"), (1e6, "ms"), (1e3, "µs"), (1, "ns")]
            let (scale, unit) = units.first { v >= $0.0 } ?? (1, "ns")
            let x = v / scale
            return (x == x.rounded() ? String(Int64(x)) : JSONValue.format(x, digits: 1)) + " " + unit
        case .count: return v == v.rounded() ? String(Int64(v)) : JSONValue.format(v, digits: 1)
        case .percent: return JSONValue.format(v * 100, digits: 0) + " %"
        }
    }

    private func bandsText() -> String {
        guard !bands.isEmpty else { return "" }
        let n = SVGChart.number
        var out = "<g class=\"bands\">\n"
        for (k, b) in bands.enumerated() {
            let left = x(b.from), right = Swift.max(x(b.to), left + 1.5)
            out += "<g class=\"band\"><title>\((b.detail ?? b.label).markupEscaped): \(b.from.clockMillis)–\(b.to.clockMillis)</title>"
            out += "<rect class=\"band\" data-from-ns=\"\(b.from.nanos)\" data-to-ns=\"\(b.to.nanos)\" x=\"\(n(left))\" y=\"\(n(plotTop))\" "
            out += "width=\"\(n(right - left))\" height=\"\(n(plotBottom - plotTop))\" fill=\"#d9480f\" fill-opacity=\"0.12\" "
            out += "stroke=\"#d9480f\" stroke-opacity=\"0.5\" stroke-dasharray=\"3 2\"/>"
            // Labels of overlapping windows take turns on three rows above the plot.
            let ly = plotTop - 4 - Double(k % 3) * 10
            out += "<text class=\"band-label\" x=\"\(n(left + 2))\" y=\"\(n(ly))\" font-size=\"10\" fill=\"#b33c0c\">"
            out += "\(SVGChart.shortened(b.label, to: 40).markupEscaped)</text></g>\n"
        }
        out += "</g>\n"
        return out
    }

    private func line(_ s: Series) -> String {
        let n = SVGChart.number
        // Runs of consecutive measured points; a gap starts a new subpath.
        var runs: [[(Double, Double)]] = [[]]
        for p in s.points {
            if let v = p.value { runs[runs.count - 1].append((x(p.at), y(v))) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        var d: [String] = []
        for run in runs where !run.isEmpty {
            var part = "M\(n(run[0].0)) \(n(run[0].1))"
            for (px, py) in run.dropFirst() { part += " L\(n(px)) \(n(py))" }
            if run.count == 1 { part += " h0.1" }
            if s.style == .area { part += " L\(n(run[run.count - 1].0)) \(n(plotBottom)) L\(n(run[0].0)) \(n(plotBottom)) Z" }
            d.append(part)
        }
        var out = "<path class=\"series\" data-series=\"\(s.name.markupEscaped)\" d=\"\(d.joined(separator: " "))\" stroke=\"\(s.colour.markupEscaped)\" "
        switch s.style {
        case .area: out += "fill=\"\(s.colour.markupEscaped)\" fill-opacity=\"0.18\" stroke-width=\"1.2\""
        case .dashed: out += "fill=\"none\" stroke-width=\"1.4\" stroke-dasharray=\"5 3\""
        default: out += "fill=\"none\" stroke-width=\"1.6\""
        }
        out += " stroke-linejoin=\"round\" stroke-linecap=\"round\"><title>\(s.name.markupEscaped)</title></path>\n"
        return out
    }

    private func lanesText(_ lanes: [Lane]) -> String {
        let n = SVGChart.number
        var out = "<g class=\"lanes\">\n"
        for (k, lane) in lanes.enumerated() {
            let top = plotTop + Double(k) * SVGChart.laneHeight
            let mid = top + SVGChart.laneHeight / 2
            if k > 0 { out += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(top))\" x2=\"\(n(plotRight))\" y2=\"\(n(top))\" stroke=\"#eef0f2\"/>" }
            out += "<text x=\"\(n(plotLeft - 8))\" y=\"\(n(mid))\" dy=\"0.32em\" text-anchor=\"end\">"
            out += "<title>\(lane.label.markupEscaped)</title>\(SVGChart.shortened(lane.label, to: SVGChart.laneLabelMaxChars).markupEscaped)</text>\n"
            for mark in lane.marks {
                let d: String
                let left = x(mark.from)
                if let end = mark.to {
                    let right = Swift.max(x(end), left + 2)
                    let barHeight = mark.thin ? SVGChart.barHeight / 2 : SVGChart.barHeight
                    let barTop = mid - barHeight / 2
                    d = "M\(n(left)) \(n(barTop)) H\(n(right)) V\(n(barTop + barHeight)) H\(n(left)) Z"
                } else {
                    let r = 6.0
                    d = "M\(n(left)) \(n(mid - r)) L\(n(left + r)) \(n(mid)) L\(n(left)) \(n(mid + r)) L\(n(left - r)) \(n(mid)) Z"
                }
                out += "<path class=\"mark\" d=\"\(d)\" fill=\"\(mark.colour.markupEscaped)\" stroke=\"#222\" stroke-width=\"0.5\">"
                out += "<title>\(mark.title.markupEscaped)</title></path>\n"
            }
        }
        out += "</g>\n"
        return out
    }

    /// Legend entries: a line plot's drawn series, or a lane plot's own; then the bands, if any.
    public var legend: [LegendEntry] {
        var entries: [LegendEntry]
        switch plot {
        case let .lines(_, series): entries = series.filter { !$0.isEmpty }.map { LegendEntry(name: $0.name, colour: $0.colour, style: $0.style) }
        case let .lanes(_, legend): entries = legend
        }
        if !bands.isEmpty { entries.append(LegendEntry(name: "fault window (start → service back or fault end)", colour: "#d9480f", style: .area)) }
        return entries
    }

    /// Where each legend entry goes: left to right, wrapping to a new row at the plot's width.
    private var legendLayout: (positions: [(x: Double, row: Int)], rows: Int) {
        var positions: [(x: Double, row: Int)] = []
        var cursor = plotLeft, row = 0
        for e in legend {
            let w = 30 + Double(e.name.count) * SVGChart.legendCharWidth + 16
            if cursor + w > plotRight && cursor > plotLeft { row += 1; cursor = plotLeft }
            positions.append((cursor, row))
            cursor += w
        }
        return (positions, positions.isEmpty ? 0 : row + 1)
    }

    private func legendText() -> String {
        let entries = legend
        guard !entries.isEmpty else { return "" }
        let n = SVGChart.number
        let layout = legendLayout
        var out = "<g class=\"legend\">\n"
        for (e, pos) in zip(entries, layout.positions) {
            let y = plotBottom + SVGChart.marginBottom + Double(pos.row) * SVGChart.legendRowHeight + 4
            let c = e.colour.markupEscaped
            switch e.style {
            case .line: out += "<line x1=\"\(n(pos.x))\" y1=\"\(n(y))\" x2=\"\(n(pos.x + 24))\" y2=\"\(n(y))\" stroke=\"\(c)\" stroke-width=\"2\"/>"
            case .dashed:
                out += "<line x1=\"\(n(pos.x))\" y1=\"\(n(y))\" x2=\"\(n(pos.x + 24))\" y2=\"\(n(y))\" stroke=\"\(c)\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"
            case .area:
                out += "<rect x=\"\(n(pos.x))\" y=\"\(n(y - 5))\" width=\"24\" height=\"10\" fill=\"\(c)\" fill-opacity=\"0.25\" stroke=\"\(c)\"/>"
            case .box:
                out += "<rect x=\"\(n(pos.x))\" y=\"\(n(y - 5))\" width=\"24\" height=\"10\" fill=\"\(c)\" stroke=\"#222\" stroke-width=\"0.5\"/>"
            case .marker:
                out += "<rect x=\"\(n(pos.x + 8))\" y=\"\(n(y - 4))\" width=\"8\" height=\"8\" transform=\"rotate(45 \(n(pos.x + 12)) \(n(y)))\" fill=\"\(c)\"/>"
            }
            out += "<text x=\"\(n(pos.x + 30))\" y=\"\(n(y))\" dy=\"0.32em\">\(e.name.markupEscaped)</text>\n"
        }
        out += "</g>\n"
        return out
    }

    /// `text` cut to `limit` characters with an ellipsis.
    static func shortened(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
