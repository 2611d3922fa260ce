// HTML that escapes by default: literals are the page's own markup; every interpolated value is
// escaped unless it is already HTML (another fragment built the same way, or `HTML.raw` of a
// constant). Server pages are built only from this type, so forgetting to escape is not possible.

public struct HTML: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup as text.
    public private(set) var text: String

    public var description: String { text }

    /// Nothing: the empty fragment.
    public static let empty = HTML(markup: "")

    private init(markup: String) { text = markup }

    /// A literal is markup written in the source, so it is trusted as is.
    public init(stringLiteral literal: String) { text = literal }

    public init(stringInterpolation: Interpolation) { text = stringInterpolation.text }

    /// Fragments one after another, with `separator` between them.
    public init(joining parts: [HTML], separator: HTML = .empty) {
        text = parts.map(\.text).joined(separator: separator.text)
    }

    /// Markup that needs no escaping: a constant, or text made safe by other means. Never user data.
    public static func raw(_ trusted: String) -> HTML { HTML(markup: trusted) }

    public struct Interpolation: StringInterpolationProtocol {
        var text = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { text += literal }

        /// A fragment goes in as markup.
        public mutating func appendInterpolation(_ fragment: HTML) { text += fragment.text }

        /// Fragments one after another (rows of a table, items of a list).
        public mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments { text += fragment.text }
        }

        /// Markup present only when `condition` holds: `<tr\(if: disabled, " class=\"disabled\"")>`.
        /// (A ternary of two string literals is read as text, and escaped.)
        public mutating func appendInterpolation(if condition: Bool, _ markup: HTML) {
            if condition { text += markup.text }
        }

        public mutating func appendInterpolation<T: BinaryInteger>(_ value: T) { text += String(value) }

        /// Text (a `String` or anything else by its description) is escaped, string literals in a
        /// ternary included: markup that depends on a condition goes through `if:`.
        public mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) { HTML.escape(value.description, into: &text) }
    }

    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(markup: lhs.text + rhs.text) }

    public static func += (lhs: inout HTML, rhs: HTML) { lhs.text += rhs.text }

    // MARK: - Escaping

    /// Escapes text for element content and quoted attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        escape(text, into: &out)
        return out
    }

    /// Appends `text` escaped; text without any of `& < > " '` (most of it) is appended whole.
    public static func escape(_ text: String, into out: inout String) {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            out += text
            return
        }
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
    }

    // MARK: - The document

    /// The shared document shell: stylesheet, title, the top bar (`topbar`), then `body`.
    public static func page(title: String, topbar: HTML = .empty, scripts: [String] = [], body: HTML) -> HTML {
        let modules = scripts.map { src -> HTML in "<script type=\"module\" src=\"\(src)\"></script>\n" }
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Loupe</title>
            <link rel="icon" href="/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/css/loupe.css">
            \(modules)</head>
            <body>
            \(topbar)
            \(body)
            </body>
            </html>
            """
    }
}

extension Sequence where Element == HTML {
    /// The fragments one after another, with `separator` (markup) between them.
    public func joined(separator: HTML = .empty) -> HTML {
        var out = HTML.empty
        for (index, fragment) in enumerated() {
            if index > 0 { out += separator }
            out += fragment
        }
        return out
    }
}
