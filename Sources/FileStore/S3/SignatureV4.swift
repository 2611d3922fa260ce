// AWS Signature Version 4 for S3: the Authorization header of a request, and presigned GET URLs
// (the query-string form nginx follows to fetch a file for the browser).
import Crypto
import Foundation

public struct SignatureV4: Sendable {
    public let accessKey: String
    let secretKey: String
    public let region: String
    public let service: String

    public init(accessKey: String, secretKey: String, region: String, service: String = "s3") {
        (self.accessKey, self.secretKey, self.region, self.service) = (accessKey, secretKey, region, service)
    }

    /// SHA-256 of an empty payload, which GET, HEAD and DELETE sign.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The headers to add to a request without a query string: `x-amz-date`, `x-amz-content-sha256`
    /// and `Authorization`. `path` is already URI-encoded (`S3Location.path(of:)`); `headers` are
    /// those the request sends and which are signed (at least `host`).
    public func signedHeaders(method: String, path: String, headers: [(String, String)],
                              payloadHash: String, date: Date) -> [(String, String)] {
        let stamp = Self.timestamp(date)
        var signed = headers.map { ($0.0.lowercased(), Self.trimmed($0.1)) }
        signed.append(("x-amz-content-sha256", payloadHash))
        signed.append(("x-amz-date", stamp))
        signed.sort { $0.0 < $1.0 }
        let names = signed.map(\.0).joined(separator: ";")
        let canonical = [method, path, "",
                         signed.map { "\($0.0):\($0.1)\n" }.joined(), names, payloadHash].joined(separator: "\n")
        let signature = sign(canonical, stamp: stamp)
        let authorization = "AWS4-HMAC-SHA256 Credential=\(accessKey)/\(scope(stamp)),SignedHeaders=\(names),Signature=\(signature)"
        return [("x-amz-content-sha256", payloadHash), ("x-amz-date", stamp), ("Authorization", authorization)]
    }

    /// The query string of a presigned request: only `host` is signed, the payload is unsigned, and
    /// the URL works for `expires` seconds from `date`.
    public func presignedQuery(method: String = "GET", path: String, host: String, date: Date, expires: Int) -> String {
        let stamp = Self.timestamp(date)
        let query = [("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", "\(accessKey)/\(scope(stamp))"),
                     ("X-Amz-Date", stamp), ("X-Amz-Expires", String(expires)), ("X-Amz-SignedHeaders", "host")]
        let canonical = [method, path, Self.canonicalQuery(query), "host:\(host)\n", "host", "UNSIGNED-PAYLOAD"].joined(separator: "\n")
        return Self.canonicalQuery(query) + "&X-Amz-Signature=" + sign(canonical, stamp: stamp)
    }

    // MARK: - The algorithm

    private func scope(_ stamp: String) -> String { "\(stamp.prefix(8))/\(region)/\(service)/aws4_request" }

    private func sign(_ canonicalRequest: String, stamp: String) -> String {
        let digest = SHA256.hash(data: Data(canonicalRequest.utf8)).hex
        let toSign = ["AWS4-HMAC-SHA256", stamp, scope(stamp), digest].joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(secretKey)".utf8))
        for part in [String(stamp.prefix(8)), region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return Data(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: key)).hex
    }

    static func canonicalQuery(_ query: [(String, String)]) -> String {
        query.map { (uriEncode($0.0), uriEncode($0.1)) }.sorted { $0 < $1 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// RFC 3986 encoding as S3 wants it: every byte but unreserved characters, and `/` only when asked.
    static func uriEncode(_ text: String, keepSlash: Bool = false) -> String {
        var out = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
                || "-._~".unicodeScalars.contains(scalar) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.unicodeScalars.append(scalar)
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    private static func trimmed(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// `20130524T000000Z`
    static func timestamp(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex, as S3 and the content store write digests.
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
