import Boundary
import Exchange

/// Reads symbols files: `symbol,prev_close,tick,lot,limit_pct`.
///
/// `limit_pct` is the band in percent of the previous close (up to two decimals, e.g. `10`,
/// `20`, `5`) or `none`. A symbol a replay meets that is not listed gets ``defaultSpec(code:)``.
public enum SymbolFile {
    public static let header = ["symbol", "prev_close", "tick", "lot", "limit_pct"]

    /// prev_close 10.00, tick 0.01, lot 100, limit ±10 %.
    public static func defaultSpec(code: String) -> SymbolSpec { SymbolSpec(code: code) }

    public static func parse(_ text: String, path: String) throws(FileError) -> [SymbolSpec] {
        var specs: [SymbolSpec] = []
        var seen: [String: Int] = [:]
        try CSVLines(path: path, text: text).forEachRow(header: header) { (line, f) throws(FileError) in
            func fail(_ field: String, _ message: String) -> FileError {
                FileError(path: path, line: line, message: "\(field): \(message)")
            }
            let code = String(f[0])
            if code.isEmpty || code.utf8.count > 32 || !code.utf8.allSatisfy(OrderFile.isSymbolByte) {
                throw fail("symbol", "expected up to 32 letters, digits, `.`, `_` or `-`, found `\(Excerpt.of(String(code)))`")
            }
            if let first = seen[code] { throw fail("symbol", "\(code) is already listed on line \(first)") }
            seen[code] = line
            guard let previousClose = PriceText.fen(f[1]), previousClose > 0 else {
                throw fail("prev_close", "expected a price above zero in yuan, e.g. 10.00, found `\(Excerpt.of(String(f[1])))`")
            }
            guard let tick = PriceText.fen(f[2]), tick > 0 else {
                throw fail("tick", "expected a tick of at least 0.01 yuan, found `\(Excerpt.of(String(f[2])))`")
            }
            guard let lot = Int64(f[3]), lot > 0 else { throw fail("lot", "expected a whole number of shares above zero, found `\(Excerpt.of(String(f[3])))`") }
            let limit: PriceLimit
            if f[4] == "none" {
                limit = .none
            } else if let hundredths = PriceText.fen(f[4]), hundredths > 0, hundredths <= 10_000 {
                limit = .basisPoints(hundredths)
            } else {
                throw fail("limit_pct", "expected a percentage above 0 and at most 100 (e.g. 10 or 20) or `none`, found `\(Excerpt.of(String(f[4])))`")
            }
            let spec = SymbolSpec(code: code, previousCloseFen: previousClose, tickFen: tick, lotShares: lot, limit: limit)
            if let problem = spec.problem { throw FileError(path: path, line: line, message: problem) }
            specs.append(spec)
        }
        return specs
    }
}

extension SymbolFile {
    /// One row as the file format writes it.
    public static func line(_ spec: SymbolSpec) -> String {
        let limit: String
        switch spec.limit {
        case .none: limit = "none"
        case .basisPoints(let bp): limit = bp % 100 == 0 ? String(bp / 100) : PriceText.yuan(bp)
        }
        return "\(spec.code),\(PriceText.yuan(spec.previousCloseFen)),\(PriceText.yuan(spec.tickFen)),\(spec.lotShares),\(limit)"
    }
}
