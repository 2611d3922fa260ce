// The head of an HTTP/1.x request as nginx forwards it to the event process: request line and headers.
import Foundation
import Web

/// A parsed request head. The event process reads only GETs without bodies, so nothing past the head matters.
public struct HTTPRequestHead: Sendable, Equatable {
    public let method: String
    public let target: String
    /// Names lowercased; a repeated header keeps its last value.
    public let headers: [String: String]

    /// Heads larger than this are refused (nginx's own limit is smaller).
    public static let maxBytes = 32 * 1024

    public enum Parse: Equatable {
        case complete(HTTPRequestHead)
        case needMore
        case malformed
    }

    /// Parses `bytes` once they hold a whole head (up to the blank line).
    public static func parse(_ bytes: [UInt8]) -> Parse {
        guard let end = headEnd(bytes) else { return bytes.count > maxBytes ? .malformed : .needMore }
        let text = String(decoding: bytes[..<end], as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return .malformed }
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else { return .malformed }
        var headers: [String: String] = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return .malformed }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return .complete(HTTPRequestHead(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers))
    }

    /// The index of the blank line that ends the head, if it has arrived.
    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// The same request as the web layer sees one, for the router's access check.
    public var request: Request {
        // A method the web layer does not know (QUERY) is no GET: OPTIONS, which no stream answers.
        Request(method: HTTPMethod(rawValue: method) ?? .OPTIONS, target: target, headers: headers,
                remoteAddress: headers["x-real-ip"] ?? "127.0.0.1", requestID: headers["x-request-id"] ?? "")
    }
}
