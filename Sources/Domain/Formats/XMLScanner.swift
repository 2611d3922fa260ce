// A small, strict XML reader for dataset files (VOC, CVAT): it calls back for each element's start
// (with its attributes), its text and its end, and stops at the first fault with its line. No DTDs,
// no namespaces: the formats use neither. It never builds a tree, so a CVAT file of a million
// shapes is read in constant memory.

public struct XMLFault: Error, Equatable, Sendable {
    public let line: Int
    public let message: String
}

public protocol XMLHandler {
    mutating func start(_ name: String, _ attributes: [String: String], line: Int) throws
    mutating func text(_ text: String) throws
    mutating func end(_ name: String, line: Int) throws
}

public struct XMLScanner {
    private let bytes: [UInt8]
    private var at = 0
    private var line = 1

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public static func scan<H: XMLHandler>(_ bytes: [UInt8], into handler: inout H) throws {
        var scanner = XMLScanner(bytes)
        try scanner.run(&handler)
    }

    private mutating func run<H: XMLHandler>(_ handler: inout H) throws {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { at = 3 }  // a UTF-8 byte-order mark
        var open: [String] = []
        var sawRoot = false
        var text: [UInt8] = []
        while at < bytes.count {
            let byte = bytes[at]
            guard byte == UInt8(ascii: "<") else {
                if byte == UInt8(ascii: "\n") { line += 1 }
                if open.isEmpty, !Self.isSpace(byte) { throw fault("Text outside the root element.") }
                text.append(byte)
                at += 1
                continue
            }
            if !text.isEmpty {
                if !open.isEmpty { try handler.text(try decode(text)) }
                text.removeAll(keepingCapacity: true)
            }
            if starts("<?") {
                try skip(past: "?>")
            } else if starts("<!--") {
                try skip(past: "-->")
            } else if starts("<![CDATA[") {
                guard !open.isEmpty else { throw fault("CDATA outside the root element.") }
                at += 9
                let from = at
                try skip(past: "]]>")
                try handler.text(String(decoding: bytes[from..<(at - 3)], as: UTF8.self))
            } else if starts("<!") {
                guard !sawRoot else { throw fault("A declaration after the root element.") }
                try skip(past: ">")
            } else if starts("</") {
                at += 2
                let name = try readName()
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ">") else { throw fault("Expected > to close </\(name).") }
                at += 1
                guard let expected = open.popLast() else { throw fault("</\(name)> closes nothing.") }
                guard expected == name else { throw fault("</\(name)> where </\(expected)> was expected.") }
                try handler.end(name, line: line)
            } else {
                at += 1
                let startLine = line
                let name = try readName()
                guard open.isEmpty ? !sawRoot : true else { throw fault("A second root element <\(name)>.") }
                sawRoot = true
                var attributes: [String: String] = [:]
                while true {
                    skipSpace()
                    guard at < bytes.count else { throw fault("The file ends inside <\(name)>.") }
                    if bytes[at] == UInt8(ascii: ">") {
                        at += 1
                        open.append(name)
                        try handler.start(name, attributes, line: startLine)
                        break
                    }
                    if starts("/>") {
                        at += 2
                        try handler.start(name, attributes, line: startLine)
                        try handler.end(name, line: line)
                        break
                    }
                    let key = try readName()
                    skipSpace()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: "=") else { throw fault("Attribute \(key) of <\(name)> has no value.") }
                    at += 1
                    skipSpace()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") || bytes[at] == UInt8(ascii: "'") else {
                        throw fault("Attribute \(key) of <\(name)> is not quoted.")
                    }
                    let quote = bytes[at]
                    at += 1
                    let from = at
                    while at < bytes.count, bytes[at] != quote {
                        if bytes[at] == UInt8(ascii: "<") { throw fault("< inside attribute \(key) of <\(name)>.") }
                        if bytes[at] == UInt8(ascii: "\n") { line += 1 }
                        at += 1
                    }
                    guard at < bytes.count else { throw fault("The file ends inside attribute \(key) of <\(name)>.") }
                    guard attributes[key] == nil else { throw fault("Attribute \(key) appears twice on <\(name)>.") }
                    attributes[key] = try decode(Array(bytes[from..<at]))
                    at += 1
                }
            }
        }
        if let unclosed = open.last { throw fault("The file ends before </\(unclosed)>.") }
        guard sawRoot else { throw fault("No root element: the file is empty or not XML.") }
    }

    // MARK: - Pieces

    private func fault(_ message: String) -> XMLFault { XMLFault(line: line, message: message) }

    private func starts(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard at + count <= bytes.count else { return false }
        for index in 0..<count where bytes[at + index] != literal.utf8Start[index] { return false }
        return true
    }

    private mutating func skip(past literal: StaticString) throws {
        while at < bytes.count, !starts(literal) {
            if bytes[at] == UInt8(ascii: "\n") { line += 1 }
            at += 1
        }
        guard at < bytes.count else { throw fault("The file ends before \(literal).") }
        at += literal.utf8CodeUnitCount
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private mutating func skipSpace() {
        while at < bytes.count, Self.isSpace(bytes[at]) {
            if bytes[at] == 0x0A { line += 1 }
            at += 1
        }
    }

    private mutating func readName() throws -> String {
        let from = at
        while at < bytes.count {
            let byte = bytes[at]
            guard !Self.isSpace(byte), byte != UInt8(ascii: ">"), byte != UInt8(ascii: "/"), byte != UInt8(ascii: "="),
                  byte != UInt8(ascii: "<"), byte != UInt8(ascii: "\""), byte != UInt8(ascii: "'") else { break }
            at += 1
        }
        guard at > from else { throw fault("Expected a name.") }
        return String(decoding: bytes[from..<at], as: UTF8.self)
    }

    /// Replaces the five named entities and numeric references.
    private func decode(_ raw: [UInt8]) throws -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        let text = String(decoding: raw, as: UTF8.self)
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                throw fault("A bare & in text; write &amp;.")
            }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                guard let number, let scalar = Unicode.Scalar(number) else { throw fault("Unknown entity &\(entity);.") }
                out.unicodeScalars.append(scalar)
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
