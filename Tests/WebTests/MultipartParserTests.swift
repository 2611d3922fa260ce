// The streaming multipart parser: same result however the body is split, exact binary bodies, clear errors.
import Testing
@testable import Web

@Suite struct MultipartParserTests {
    static let boundary = "----LoupeBoundary7MA4YWxk"

    /// A body with a text field and two files, one binary with near-boundary bytes inside.
    static func body(binary: [UInt8]) -> [UInt8] {
        var out: [UInt8] = Array("preamble to ignore\r\n".utf8)
        func add(_ text: String) { out += Array(text.utf8) }
        add("--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n")
        add("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a \\\"quoted\\\".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
        out += binary
        add("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"x.png\"; filename*=UTF-8''%C3%A9t%C3%A9.png\r\n\r\n")
        add("\r\n--\(boundary)--\r\nepilogue")
        return out
    }

    static let binary: [UInt8] = Array("\r\n--\(boundary.dropLast())x\r\n--".utf8) + (0...255).map(UInt8.init) + [13, 10, 45, 45]

    /// Parses with the given chunk sizes and folds consecutive body pieces together.
    func parse(_ body: [UInt8], chunks: [Int]) throws -> [MultipartEvent] {
        var parser = MultipartParser(boundary: Self.boundary)
        var events: [MultipartEvent] = []
        var offset = 0, index = 0
        while offset < body.count {
            let size = max(1, chunks[index % chunks.count])
            let end = min(body.count, offset + size)
            try parser.feed(body[offset..<end]) { event in
                if case .body(let bytes) = event, case .body(let previous)? = events.last {
                    events[events.count - 1] = .body(previous + bytes)
                } else {
                    events.append(event)
                }
            }
            offset = end
            index += 1
        }
        try parser.finish()
        return events
    }

    @Test func partsHeadersAndExactBodies() throws {
        let events = try parse(Self.body(binary: Self.binary), chunks: [1 << 20])
        guard events.count == 8, case .partStart(let note) = events[0], case .partStart(let file) = events[3],
              case .partStart(let empty) = events[6] else {
            Issue.record("unexpected events \(events)")
            return
        }
        #expect(note.name == "note" && note.filename == nil)
        #expect(events[1] == .body(Array("hello".utf8)))
        #expect(file.filename == "a \"quoted\".jpg" && file.contentType == "image/jpeg")
        #expect(events[4] == .body(Self.binary))
        #expect(empty.filename == "été.png")  // filename* wins
        #expect(events[7] == .partEnd)
    }

    @Test(arguments: [[1], [2, 3, 5], [7, 1, 13, 64], [4096]])
    func anySplitGivesTheSameEvents(_ chunks: [Int]) throws {
        let body = Self.body(binary: Self.binary)
        #expect(try parse(body, chunks: chunks) == parse(body, chunks: [body.count]))
    }

    @Test func randomSplitsOfALargeFile() throws {
        var rng = SystemRandomNumberGenerator()
        let large = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let body = Self.body(binary: large)
        let chunks = (0..<50).map { _ in Int.random(in: 1...70_000, using: &rng) }
        let events = try parse(body, chunks: chunks)
        #expect(events[4] == .body(large))
    }

    @Test func incompleteAndOversizedInputIsRefused() {
        let body = Self.body(binary: Self.binary)
        #expect(throws: HTTPError.self) { try parse(Array(body.prefix(body.count - 20)), chunks: [100]) }
        var limits = MultipartParser.Limits()
        limits.maxHeaderBytes = 40
        var parser = MultipartParser(boundary: Self.boundary, limits: limits)
        #expect(throws: HTTPError.self) { try parser.feed(body) { _ in } }
        limits = MultipartParser.Limits()
        limits.maxParts = 2
        parser = MultipartParser(boundary: Self.boundary, limits: limits)
        #expect(throws: HTTPError.self) { try parser.feed(body) { _ in } }
    }

    @Test func boundaryFromContentType() {
        #expect(MultipartParser.boundary(fromContentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartParser.boundary(fromContentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b\"") == "a b")
        #expect(MultipartParser.boundary(fromContentType: "multipart/mixed; boundary=abc") == nil)
        #expect(MultipartParser.boundary(fromContentType: "multipart/form-data") == nil)
        #expect(MultipartParser.boundary(fromContentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 71)) == nil)
    }
}
