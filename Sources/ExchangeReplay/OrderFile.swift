import Boundary
import Exchange
import Kernel

/// One row of an orders file: `time,order_id,symbol,side,type,price,qty`.
public struct OrderRow: Sendable, Equatable {
    public var line: Int
    public var timeNanos: Int64
    public var orderID: UInt64
    /// Empty only for a cancel that leaves it out.
    public var symbol: String
    public var side: Side
    public var type: OrderType
    /// Limit orders only.
    public var priceFen: Int64
    /// New orders only.
    public var quantity: Int64
}

/// Reads orders files. Rows must be in time order (equal times keep file order).
public enum OrderFile {
    public static let header = ["time", "order_id", "symbol", "side", "type", "price", "qty"]

    public static func parse(_ text: String, path: String) throws(FileError) -> [OrderRow] {
        var rows: [OrderRow] = []
        var previousTime = Int64.min
        try CSVLines(path: path, text: text).forEachRow(header: header) { (line, f) throws(FileError) in
            func fail(_ field: String, _ message: String) -> FileError {
                FileError(path: path, line: line, message: "\(field): \(message)")
            }
            let time: Int64
            do { time = try SimTime(parsing: String(f[0])).nanos } catch {
                throw fail("time", (error as? TimeParseError)?.described(quoting: { Excerpt.of($0) }) ?? "expected a clock time")
            }
            if time < previousTime {
                throw fail("time", "\(f[0]) is earlier than the row before (\(SimTime(nanos: previousTime))); rows must be in time order")
            }
            previousTime = time
            guard let id = UInt64(f[1]) else { throw fail("order_id", "expected a whole number 0–\(UInt64.max), found `\(Excerpt.of(String(f[1])))`") }
            guard let type = OrderType(code: f[4]) else {
                throw fail("type", "expected one of \(OrderType.allCases.map(\.code).joined(separator: ", ")), found `\(Excerpt.of(String(f[4])))`")
            }
            let symbol = String(f[2])
            if symbol.isEmpty, type != .cancel { throw fail("symbol", "missing") }
            if symbol.utf8.count > 32 || !symbol.utf8.allSatisfy(Self.isSymbolByte) {
                throw fail("symbol", "expected up to 32 letters, digits, `.`, `_` or `-`, found `\(Excerpt.of(String(symbol)))`")
            }
            if type == .cancel {
                for (i, name) in [(3, "side"), (5, "price"), (6, "qty")] where !f[i].isEmpty {
                    throw fail(name, "must be empty for a cancel (X), found `\(Excerpt.of(String(f[i])))`")
                }
                rows.append(OrderRow(line: line, timeNanos: time, orderID: id, symbol: symbol, side: .buy, type: .cancel,
                                     priceFen: 0, quantity: 0))
                return
            }
            guard let side = Side(code: f[3]) else { throw fail("side", "expected B or S, found `\(Excerpt.of(String(f[3])))`") }
            var price: Int64 = 0
            if type == .limit {
                guard let p = PriceText.fen(f[5]) else {
                    throw fail("price", "expected yuan with up to 2 decimals, e.g. 10.05, found `\(Excerpt.of(String(f[5])))`")
                }
                price = p
            } else if !f[5].isEmpty {
                throw fail("price", "must be empty for a market order (\(type.code)), found `\(Excerpt.of(String(f[5])))`")
            }
            guard let quantity = Int64(f[6]) else { throw fail("qty", "expected a whole number of shares, found `\(Excerpt.of(String(f[6])))`") }
            rows.append(OrderRow(line: line, timeNanos: time, orderID: id, symbol: symbol, side: side, type: type,
                                 priceFen: price, quantity: quantity))
        }
        return rows
    }

    static func isSymbolByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 46 || b == 95 || b == 45
    }

    /// One row as the file format writes it (no line ending).
    public static func line(_ request: OrderRequest, symbol: String) -> String {
        let time = SimTime(nanos: request.timeNanos).description
        if request.type == .cancel { return "\(time),\(request.orderID),\(symbol),,X,," }
        let price = request.type == .limit ? PriceText.yuan(request.priceFen) : ""
        return "\(time),\(request.orderID),\(symbol),\(request.side.code),\(request.type.code),\(price),\(request.quantity)"
    }
}
