// Query parameters read strictly: a value that is not what the parameter takes is a 422 naming it,
// never silently replaced by a default (a script's typo should not page through the wrong data).

extension Request {
    /// An integer query parameter within `range`; `fallback` when it is absent (`?limit=` is not absent).
    public func queryInteger(_ name: String, in range: ClosedRange<Int64>, default fallback: Int64? = nil) throws -> Int64? {
        guard let raw = query[name] else { return fallback }
        guard let value = Int64(raw), range.contains(value) else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field",
                            message: "\(name) is a whole number from \(range.lowerBound) to \(range.upperBound), not '\(raw.prefix(40))'.",
                            field: name)
        }
        return value
    }

    /// An integer query parameter that always has a value.
    public func queryInteger(_ name: String, in range: ClosedRange<Int64>, default fallback: Int64) throws -> Int64 {
        try queryInteger(name, in: range, default: Optional(fallback)) ?? fallback
    }

    /// A yes/no query parameter: `1` or `0`, false when absent.
    public func queryFlag(_ name: String) throws -> Bool {
        switch query[name] {
        case nil, "0": return false
        case "1": return true
        case let raw?:
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "\(name) is 1 or 0, not '\(raw.prefix(40))'.", field: name)
        }
    }
}

extension Request {
    /// A number query parameter within `range`; `fallback` when absent.
    public func queryNumber(_ name: String, in range: ClosedRange<Double>, default fallback: Double) throws -> Double {
        guard let raw = query[name] else { return fallback }
        guard let value = Double(raw), value.isFinite, range.contains(value) else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field",
                            message: "\(name) is a number from \(range.lowerBound) to \(range.upperBound), not '\(raw.prefix(40))'.", field: name)
        }
        return value
    }

    /// One of `choices`; `fallback` when absent.
    public func queryChoice(_ name: String, _ choices: [String], default fallback: String) throws -> String {
        guard let raw = query[name] else { return fallback }
        guard choices.contains(raw) else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field",
                            message: "\(name) is one of \(choices.joined(separator: ", ")), not '\(raw.prefix(40))'.", field: name)
        }
        return raw
    }
}
