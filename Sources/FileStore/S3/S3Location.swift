// Where an S3-compatible bucket is and how to sign for it, from one URL:
// `http://ACCESS_KEY:SECRET_KEY@host:port/bucket?region=us-east-1` (path-style addressing, which
// every S3-compatible server answers).
import Foundation

public struct S3Location: Sendable, Equatable {
    /// `http://host:port`, with no credentials.
    public let endpoint: String
    /// What the Host header says and what presigned URLs are signed for: `host:port`.
    public let host: String
    public let bucket: String
    public let region: String
    public let accessKey: String
    let secretKey: String

    public init(_ text: String) throws {
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let hostName = parts.host, !hostName.isEmpty else {
            throw FileStoreError.objectStoreSetting("The object store must be a URL like http://KEY:SECRET@host:9000/bucket.")
        }
        guard let user = parts.percentEncodedUser, let password = parts.percentEncodedPassword, !user.isEmpty, !password.isEmpty else {
            throw FileStoreError.objectStoreSetting("The object store URL needs an access key and secret: http://KEY:SECRET@host/bucket.")
        }
        let path = parts.path.split(separator: "/")
        guard path.count == 1, let name = path.first.map(String.init), Self.isBucketName(name) else {
            throw FileStoreError.objectStoreSetting("The object store URL must name one bucket as its path, e.g. /loupe.")
        }
        let port = parts.port.map { ":\($0)" } ?? ""
        host = hostName + port
        endpoint = "\(scheme)://\(host)"
        bucket = name
        region = parts.queryItems?.first { $0.name == "region" }?.value ?? "us-east-1"
        accessKey = user.removingPercentEncoding ?? user
        secretKey = password.removingPercentEncoding ?? password
    }

    /// S3's rule: 3–63 lower-case letters, digits, dots and hyphens.
    static func isBucketName(_ name: String) -> Bool {
        (3...63).contains(name.count) && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
    }

    var signer: SignatureV4 { SignatureV4(accessKey: accessKey, secretKey: secretKey, region: region) }

    /// `/bucket/images/ab/cd/….jpg`, encoded as it is sent and signed.
    func path(of key: String) -> String { "/\(bucket)/" + SignatureV4.uriEncode(key, keepSlash: true) }
}
