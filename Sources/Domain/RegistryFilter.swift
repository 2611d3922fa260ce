// MLflow's search filter for registered models and versions: clauses joined by AND, each
// `<key> <op> <value>` with keys name, tags.<k> (or tag.<k>, backquoted when dotted), run_id,
// source_path, version_number, and ops =, !=, LIKE, ILIKE. Anything else is a clear error.

public struct RegistryFilter: Sendable, Equatable {
    public struct Clause: Sendable, Equatable {
        public enum Key: Sendable, Equatable { case name, tag(String), runID, source, versionNumber }
        public enum Op: String, Sendable { case equal = "=", notEqual = "!=", like = "LIKE", ilike = "ILIKE" }
        public let key: Key
        public let op: Op
        public let value: String
    }

    /// What a clause is tested against.
    public struct Subject {
        public let name: String
        public let tags: [String: String]
        public let runID: String
        public let source: String
        public let versionNumber: Int?

        public init(name: String, tags: [String: String], runID: String = "", source: String = "", versionNumber: Int? = nil) {
            self.name = name
            self.tags = tags
            self.runID = runID
            self.source = source
            self.versionNumber = versionNumber
        }
    }

    public let clauses: [Clause]

    public struct ParseError: Error, Equatable, Sendable {
        public let message: String
    }

    /// An empty or missing filter matches everything.
    public init(parsing text: String?) throws(ParseError) {
        var scanner = Scanner(Array((text ?? "").unicodeScalars))
        var clauses: [Clause] = []
        scanner.skipSpaces()
        while !scanner.atEnd {
            if !clauses.isEmpty {
                guard scanner.word()?.uppercased() == "AND" else { throw ParseError(message: "Filter clauses are joined with AND.") }
            }
            clauses.append(try scanner.clause())
            scanner.skipSpaces()
        }
        self.clauses = clauses
    }

    public func matches(_ subject: Subject) -> Bool {
        clauses.allSatisfy { clause in
            let actual: String? = switch clause.key {
            case .name: subject.name
            case .tag(let key): subject.tags[key]
            case .runID: subject.runID
            case .source: subject.source
            case .versionNumber: subject.versionNumber.map(String.init)
            }
            switch clause.op {
            case .equal: return actual == clause.value
            case .notEqual: return actual != clause.value
            case .like: return actual.map { Self.like($0, clause.value, caseSensitive: true) } ?? false
            case .ilike: return actual.map { Self.like($0, clause.value, caseSensitive: false) } ?? false
            }
        }
    }

    /// SQL LIKE: `%` any run, `_` one character.
    static func like(_ text: String, _ pattern: String, caseSensitive: Bool) -> Bool {
        let t = Array(caseSensitive ? text : text.lowercased()), p = Array(caseSensitive ? pattern : pattern.lowercased())
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: p.count + 1), count: t.count + 1)
        func match(_ i: Int, _ j: Int) -> Bool {
            if let known = memo[i][j] { return known }
            let result: Bool
            if j == p.count { result = i == t.count }
            else if p[j] == "%" { result = match(i, j + 1) || (i < t.count && match(i + 1, j)) }
            else { result = i < t.count && (p[j] == "_" || p[j] == t[i]) && match(i + 1, j + 1) }
            memo[i][j] = result
            return result
        }
        return match(0, 0)
    }
}

private struct Scanner {
    let s: [Unicode.Scalar]
    var i = 0
    init(_ s: [Unicode.Scalar]) { self.s = s }

    var atEnd: Bool { i >= s.count }

    mutating func skipSpaces() { while i < s.count, s[i].properties.isWhitespace { i += 1 } }

    /// Letters, digits, `_` and `.`
    mutating func word() -> String? {
        skipSpaces()
        let start = i
        while i < s.count, s[i].properties.isAlphabetic || ("0"..."9").contains(s[i]) || s[i] == "_" || s[i] == "." { i += 1 }
        return i > start ? String(String.UnicodeScalarView(s[start..<i])) : nil
    }

    mutating func quoted(_ quote: Unicode.Scalar) throws(RegistryFilter.ParseError) -> String {
        i += 1
        let start = i
        while i < s.count, s[i] != quote { i += 1 }
        guard i < s.count else { throw .init(message: "A quoted value in the filter is not closed.") }
        defer { i += 1 }
        return String(String.UnicodeScalarView(s[start..<i]))
    }

    mutating func key() throws(RegistryFilter.ParseError) -> RegistryFilter.Clause.Key {
        skipSpaces()
        guard var head = word() else { throw .init(message: "Expected a key such as name or tags.<key> in the filter.") }
        var tagKey: String?
        let lower = head.lowercased()
        if lower == "tags" || lower == "tag" {
            guard i < s.count, s[i] == "." else { throw .init(message: "Write tags.<key> in the filter.") }
            i += 1
            tagKey = i < s.count && s[i] == "`" ? try quoted("`") : word()
        } else if lower.hasPrefix("tags.") || lower.hasPrefix("tag.") {
            let rest = String(head.drop { $0 != "." }.dropFirst())
            tagKey = rest.isEmpty && i < s.count && s[i] == "`" ? try quoted("`") : rest
        } else if i < s.count, s[i] == "`" {
            head = try quoted("`")
        }
        if let tagKey {
            guard !tagKey.isEmpty else { throw .init(message: "A tag key in the filter is empty.") }
            return .tag(tagKey)
        }
        switch head.lowercased() {
        case "name": return .name
        case "run_id": return .runID
        case "source_path": return .source
        case "version_number": return .versionNumber
        default: throw .init(message: "The filter cannot search by '\(head)'; use name, tags.<key>, run_id, source_path or version_number.")
        }
    }

    mutating func clause() throws(RegistryFilter.ParseError) -> RegistryFilter.Clause {
        let key = try key()
        skipSpaces()
        let op: RegistryFilter.Clause.Op
        if i + 1 < s.count, s[i] == "!", s[i + 1] == "=" { i += 2; op = .notEqual }
        else if i < s.count, s[i] == "=" { i += 1; op = .equal }
        else if let w = word(), let parsed = RegistryFilter.Clause.Op(rawValue: w.uppercased()), parsed == .like || parsed == .ilike { op = parsed }
        else { throw .init(message: "The filter's comparisons are =, !=, LIKE and ILIKE.") }
        skipSpaces()
        guard i < s.count else { throw .init(message: "The filter ends before its value.") }
        let value: String
        if s[i] == "'" || s[i] == "\"" { value = try quoted(s[i]) }
        else if let number = word() { value = number }
        else { throw .init(message: "Put the filter's values in quotes.") }
        return .init(key: key, op: op, value: value)
    }
}
