import Boundary
/// Splits a comma-separated file into numbered rows of fields, checking its header.
///
/// Lines end in `\n` or `\r\n`; blank lines (including a trailing one) are skipped; fields
/// are taken as written, with no quoting (no field in these formats needs it).
struct CSVLines {
    let path: String
    let text: String

    /// Calls `body` with (line number, fields) for each data row after checking the header.
    func forEachRow(header expected: [String], _ body: (Int, [Substring]) throws(FileError) -> Void) throws(FileError) {
        var lineNumber = 0
        var sawHeader = false
        // Swift reads "\r\n" as one Character, so both endings are separators here.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if !sawHeader {
                let names = fields.map { String($0.trimmingSpaces()) }
                guard names == expected else {
                    throw FileError(path: path, line: lineNumber,
                                    message: "header must be `\(expected.joined(separator: ","))`, found `\(Excerpt.of(String(line)))`")
                }
                sawHeader = true
                continue
            }
            guard fields.count == expected.count else {
                throw FileError(path: path, line: lineNumber,
                                message: "expected \(expected.count) fields (\(expected.joined(separator: ","))), found \(fields.count)")
            }
            try body(lineNumber, fields.map { $0.trimmingSpaces() })
        }
        if !sawHeader {
            throw FileError(path: path, line: 0, message: "file is empty; the first line must be the header `\(expected.joined(separator: ","))`")
        }
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
