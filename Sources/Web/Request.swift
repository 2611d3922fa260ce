// One HTTP request as the web layer sees it, independent of how it arrived (FastCGI or a test).
import Foundation

public struct Request: Sendable {
    public var method: HTTPMethod
    /// Decoded path without the query string, e.g. `/api/v1/users/3`.
    public var path: String
    public var query: FormFields
    /// Header names lowercased (`content-type`, `authorization`, …).
    public var headers: [String: String]
    public var cookies: [String: String]
    public var remoteAddress: String
    public var body: [UInt8]
    /// Set instead of `body` for streamed bodies (see `Request.streamsBody`).
    public var bodyStream: BodyStream?
    public var requestID: String
    /// Filled by the router from `{name}` segments of the matched pattern.
    public var pathParameters: [String: String] = [:]

    public init(
        method: HTTPMethod, path: String, query: FormFields = FormFields(), headers: [String: String] = [:],
        remoteAddress: String = "127.0.0.1", body: [UInt8] = [], requestID: String = ""
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = !headers.keys.contains { $0.hasASCIIUppercase }
            ? headers : Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.cookies = Cookies.parse(self.headers["cookie"] ?? "")
        self.remoteAddress = remoteAddress
        self.body = body
        self.requestID = requestID
    }

    /// Builds a request from a target such as `/a/b?x=1` (used by tests and by the FastCGI adapter).
    public init(
        method: HTTPMethod, target: String, headers: [String: String] = [:],
        remoteAddress: String = "127.0.0.1", body: [UInt8] = [], requestID: String = ""
    ) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.init(
            method: method, path: PercentDecoding.decode((parts.first ?? "/").utf8, plusIsSpace: false),
            query: parts.count > 1 ? FormFields(urlEncoded: String(parts[1])) : FormFields(),
            headers: headers, remoteAddress: remoteAddress, body: body, requestID: requestID)
    }

    public func header(_ name: String) -> String? { headers[name.asciiLowercased] }

    /// The media type of the body without parameters, lowercased (`application/json`).
    public var contentType: String {
        (header("content-type") ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
    }

    /// True when the client prefers an HTML page (a browser navigating), false for API clients.
    public var wantsHTML: Bool {
        !path.hasPrefix("/api/") && acceptsHTML
    }

    /// The client asked for HTML: a browser navigating or posting a form, even to an /api/ URL
    /// (scripts and Loupe's own pages ask for JSON).
    public var acceptsHTML: Bool { (header("accept") ?? "").contains("text/html") }

    /// A path parameter as text (percent-decoded), or a 404 when it is empty.
    public func stringParameter(_ name: String) throws -> String {
        guard let raw = pathParameters[name], !raw.isEmpty else { throw HTTPError.notFound("No such \(name).") }
        return raw.removingPercentEncoding ?? raw
    }

    /// A path parameter as an integer id, or a 404 when it is not one.
    public func intParameter(_ name: String) throws -> Int64 {
        guard let raw = pathParameters[name], let value = Int64(raw), value > 0 else {
            throw HTTPError.notFound("No such \(name).")
        }
        return value
    }
}
