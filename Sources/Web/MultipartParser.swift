// A streaming multipart/form-data parser (RFC 7578): fed chunks as they are read, it reports each
// part's headers and body pieces without ever holding a whole file. No I/O; callers decide where
// bytes go. (multipart-kit would bring all of SwiftNIO for one parser over NIO buffers.)
import Foundation

public enum MultipartEvent: Equatable {
    case partStart(MultipartPartHeaders)
    case body([UInt8])
    case partEnd
}

public struct MultipartPartHeaders: Equatable, Sendable {
    /// Header names lowercased.
    public let fields: [String: String]
    /// `name` from Content-Disposition: the form field.
    public let name: String?
    /// `filename` (or RFC 5987 `filename*`) from Content-Disposition, as sent.
    public let filename: String?
    public var contentType: String? { fields["content-type"] }
}

public struct MultipartParser {
    public struct Limits: Sendable {
        public var maxParts = 10_000
        public var maxHeaderBytes = 16 * 1024
        public init() {}
    }

    enum State { case preamble, afterBoundary, headers, body, done }

    private let delimiter: [UInt8]  // "\r\n--" + boundary
    private let limits: Limits
    private var state = State.preamble
    private var pending: [UInt8] = []
    private var parts = 0

    /// The boundary from a `multipart/form-data; boundary=…` Content-Type, or nil.
    public static func boundary(fromContentType contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = String(piece.dropFirst("boundary=".count))
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    public init(boundary: String, limits: Limits = Limits()) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.limits = limits
        // The first boundary may open the body directly, without the CRLF before it.
        pending = Array("\r\n".utf8)
    }

    /// Consumes the next chunk of the body, reporting events as parts are found.
    public mutating func feed(_ chunk: some Collection<UInt8>, _ emit: (MultipartEvent) throws -> Void) throws {
        guard state != .done else { return }  // an epilogue after the closing boundary is ignored
        pending.append(contentsOf: chunk)
        var progress = true
        while progress { progress = try step(emit) }
    }

    /// Call after the last chunk: the body must have ended with the closing boundary.
    public func finish() throws {
        guard state == .done else {
            throw HTTPError.badRequest("The upload ended before its last part was complete.", code: "incomplete_upload")
        }
    }

    /// One transition; returns false when more input is needed.
    private mutating func step(_ emit: (MultipartEvent) throws -> Void) throws -> Bool {
        switch state {
        case .preamble:
            guard let index = find(delimiter, in: pending) else {
                // Keep only what could still be the start of the delimiter.
                if pending.count > delimiter.count { pending.removeFirst(pending.count - delimiter.count) }
                return false
            }
            pending.removeFirst(index + delimiter.count)
            state = .afterBoundary
            return true
        case .afterBoundary:
            guard pending.count >= 2 else { return false }
            if pending[0] == UInt8(ascii: "-"), pending[1] == UInt8(ascii: "-") {
                state = .done
                pending.removeAll()
                return false
            }
            // Transport padding (spaces/tabs) may follow a boundary before its CRLF.
            guard let lineEnd = find(Array("\r\n".utf8), in: pending) else { return false }
            pending.removeFirst(lineEnd + 2)
            state = .headers
            return true
        case .headers:
            guard let end = find(Array("\r\n\r\n".utf8), in: pending) else {
                if pending.count > limits.maxHeaderBytes { throw malformed("A part's headers are too long.") }
                return false
            }
            guard end <= limits.maxHeaderBytes else { throw malformed("A part's headers are too long.") }
            let headers = try Self.parseHeaders(Array(pending[..<end]))
            pending.removeFirst(end + 4)
            parts += 1
            guard parts <= limits.maxParts else { throw malformed("Too many parts (the limit is \(limits.maxParts)).") }
            try emit(.partStart(headers))
            state = .body
            return true
        case .body:
            if let index = find(delimiter, in: pending) {
                if index > 0 { try emit(.body(Array(pending[..<index]))) }
                pending.removeFirst(index + delimiter.count)
                try emit(.partEnd)
                state = .afterBoundary
                return true
            }
            // Everything except a possible partial delimiter at the end is body.
            let safe = pending.count - (delimiter.count - 1)
            if safe > 0 {
                try emit(.body(Array(pending[..<safe])))
                pending.removeFirst(safe)
            }
            return false
        case .done:
            return false
        }
    }

    private func malformed(_ message: String) -> HTTPError {
        .badRequest(message, code: "malformed_multipart")
    }

    /// First index of `needle` in `haystack`; scans for the first byte, then compares.
    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count, let first = needle.first else { return nil }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count && h[i + j] == n[j] { j += 1 }
                        if j == n.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
    }

    static func parseHeaders(_ bytes: [UInt8]) throws -> MultipartPartHeaders {
        var fields: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw HTTPError.badRequest("A part has a malformed header line.", code: "malformed_multipart")
            }
            fields[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let disposition = ContentDisposition(fields["content-disposition"] ?? "")
        return MultipartPartHeaders(fields: fields, name: disposition.parameters["name"],
                                    filename: disposition.filename)
    }
}

/// `form-data; name="files"; filename="a \"b\".jpg"; filename*=UTF-8''%C3%A9.jpg`
struct ContentDisposition {
    var parameters: [String: String] = [:]

    init(_ header: String) {
        var rest = Substring(header)
        // Skip the disposition type.
        guard let semicolon = rest.firstIndex(of: ";") else { return }
        rest = rest[rest.index(after: semicolon)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let ch = rest.first {
                    rest = rest.dropFirst()
                    if escaped { value.append(ch); escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { break } else { value.append(ch) }
                }
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            parameters[key] = value
        }
    }

    /// RFC 5987 `filename*` wins over `filename` when both are present.
    var filename: String? {
        if let extended = parameters["filename*"], let quote = extended.range(of: "''") {
            return PercentDecoding.decode(extended[quote.upperBound...].utf8, plusIsSpace: false)
        }
        return parameters["filename"]
    }
}

