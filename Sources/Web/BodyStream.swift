// A request body read in pieces, for uploads too large to hold whole (multipart batches).

/// Reads the body on demand. Used only on the thread handling its request (hence @unchecked).
public final class BodyStream: @unchecked Sendable {
    private let readChunk: (Int) throws -> [UInt8]
    public private(set) var bytesRead = 0
    public let length: Int

    /// `readChunk(n)` returns up to n bytes, or an empty array at the end.
    public init(length: Int, readChunk: @escaping (Int) throws -> [UInt8]) {
        self.length = length
        self.readChunk = readChunk
    }

    /// The next piece of at most `maximum` bytes, or nil once `length` bytes have been read.
    public func next(maximum: Int = 256 * 1024) throws -> [UInt8]? {
        guard bytesRead < length else { return nil }
        let chunk = try readChunk(min(maximum, length - bytesRead))
        guard !chunk.isEmpty else {
            throw HTTPError.badRequest("The request body ended early.", code: "incomplete_body")
        }
        bytesRead += chunk.count
        return chunk
    }
}

extension Request {
    /// Calls `body` with the request body in pieces: from the stream when the transport streams it,
    /// otherwise from the bytes already read (as in-process tests send them).
    public func forEachBodyChunk(_ body: ([UInt8]) throws -> Void) throws {
        if let stream = bodyStream {
            while let chunk = try stream.next() { try body(chunk) }
        } else {
            var offset = 0
            while offset < self.body.count {
                let end = min(self.body.count, offset + 256 * 1024)
                try body(Array(self.body[offset..<end]))
                offset = end
            }
        }
    }

    /// Bodies of these types are streamed by the transport instead of read up front.
    public static func streamsBody(contentType: String) -> Bool {
        contentType.lowercased().hasPrefix("multipart/form-data")
    }
}
