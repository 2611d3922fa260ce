// Rows of a CSV file (VIA's export), as RFC 4180 writes them.

/// RFC 4180 CSV: fields in double quotes may hold commas, newlines and doubled quotes.
enum CSVRows {
    static func parse(_ text: String, path: String) throws -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, line = 1
        var characters = text.makeIterator()
        var pending = characters.next()
        while let character = pending {
            pending = characters.next()
            if quoted {
                if character == "\"" {
                    if pending == "\"" { field.append("\""); pending = characters.next() } else { quoted = false }
                } else {
                    if character == "\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",": row.append(field); field = ""
            case "\n", "\r\n":
                row.append(field); field = ""
                rows.append(row); row = []
                line += 1
            case "\r": break
            default: field.append(character)
            }
        }
        guard !quoted else { throw DatasetFormatError(path: "\(path):\(line)", message: "A quoted field is not closed.") }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
