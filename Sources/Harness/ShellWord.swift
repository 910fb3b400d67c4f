/// One argument of a command line a person will paste into a shell: left as it is when it holds
/// only characters no shell treats specially, else single-quoted (`'…'`, with `'\''` for a
/// quote), and with any control character written as `$'\xHH'`, so that a seed record naming a
/// scenario `x.yaml; curl … | sh` reproduces as a run of a file with that odd name, never as a
/// second command.
enum ShellWord {
    static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { c in
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || "_-./:=@%+,".unicodeScalars.contains(c)
        }
        if plain { return word }
        var out = "", quoted = false
        func open() { if !quoted { out += "'"; quoted = true } }
        func close() { if quoted { out += "'"; quoted = false } }
        for c in word.unicodeScalars {
            if c.value < 0x20 || c.value == 0x7F {
                close()
                out += "$'\\x" + (c.value < 0x10 ? "0" : "") + String(c.value, radix: 16) + "'"
            } else if c == "'" {
                close()
                out += "\\'"
            } else {
                open()
                out.unicodeScalars.append(c)
            }
        }
        close()
        return out.isEmpty ? "''" : out
    }

    /// `words` as one command line.
    static func line(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}
