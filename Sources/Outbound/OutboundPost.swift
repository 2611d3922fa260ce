// One HTTP POST out of Loupe, through libcurl: only http and https, no redirects, a time limit, and
// the connection pinned to the address the guard approved (a second DNS answer cannot redirect it).
import CCurl
import Foundation

public struct OutboundPost: Sendable {
    public let url: URL
    public let body: [UInt8]
    public let headers: [(name: String, value: String)]
    public let timeoutSeconds: Int
    /// Whether loopback and private addresses may be reached (an admin's choice per webhook).
    public let allowPrivate: Bool

    public init(url: URL, body: [UInt8], headers: [(name: String, value: String)], timeoutSeconds: Int = 10, allowPrivate: Bool) {
        (self.url, self.body, self.headers, self.timeoutSeconds, self.allowPrivate) = (url, body, headers, timeoutSeconds, allowPrivate)
    }

    /// A URL outbound requests may use: http or https, a host, no user name or password in it.
    public static func check(_ text: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
            throw OutboundError.invalidURL("The URL must start with http:// or https://.")
        }
        guard let host = url.host, !host.isEmpty else { throw OutboundError.invalidURL("The URL has no host.") }
        guard url.user == nil, url.password == nil else { throw OutboundError.invalidURL("Put no user name or password in the URL.") }
        return url
    }

    /// The address the request will go to, refused when it is not public and private targets are not allowed.
    public func vettedAddress() throws -> String {
        let host = url.host ?? ""
        let addresses = try AddressGuard.resolve(host)
        if !allowPrivate, let bad = addresses.first(where: { $0.restriction != nil }) {
            throw OutboundError.refusedAddress(host: host, address: bad.text, restriction: bad.restriction!)
        }
        return addresses[0].text
    }

    /// Sends it; the response status, or why there is none. The response body is read and dropped.
    public func send() throws -> Int {
        let address = try vettedAddress()
        guard let curl = curl_easy_init() else { throw OutboundError.transfer("libcurl would not start") }
        defer { curl_easy_cleanup(curl) }
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        let host = url.host ?? ""
        let pins = curl_slist_append(nil, "\(host):\(port):\(address.contains(":") ? "[\(address)]" : address)")
        defer { curl_slist_free_all(pins) }
        var headerList: UnsafeMutablePointer<curl_slist>?
        for header in headers { headerList = curl_slist_append(headerList, "\(header.name): \(header.value)") }
        defer { curl_slist_free_all(headerList) }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = body.withUnsafeBufferPointer { bytes in
            errorBuffer.withUnsafeMutableBufferPointer { errors in
                loupe_curl_set_string(curl, CURLOPT_URL, url.absoluteString)
                loupe_curl_set_string(curl, CURLOPT_PROTOCOLS_STR, "http,https")
                loupe_curl_set_long(curl, CURLOPT_FOLLOWLOCATION, 0)
                loupe_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
                loupe_curl_set_long(curl, CURLOPT_TIMEOUT_MS, timeoutSeconds * 1000)
                loupe_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT_MS, min(timeoutSeconds, 5) * 1000)
                loupe_curl_set_list(curl, CURLOPT_RESOLVE, pins)
                loupe_curl_set_list(curl, CURLOPT_HTTPHEADER, headerList)
                loupe_curl_set_long(curl, CURLOPT_POST, 1)
                loupe_curl_set_pointer(curl, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                loupe_curl_set_long(curl, CURLOPT_POSTFIELDSIZE, body.count)
                loupe_curl_set_pointer(curl, CURLOPT_ERRORBUFFER, errors.baseAddress)
                loupe_curl_set_pointer(curl, CURLOPT_WRITEFUNCTION, unsafeBitCast(discardBody, to: UnsafeMutableRawPointer.self))
                return curl_easy_perform(curl)
            }
        }
        guard code == CURLE_OK else {
            let detail = AddressGuard.text(of: errorBuffer)
            throw OutboundError.transfer(detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
        }
        var status = 0
        loupe_curl_response_code(curl, &status)
        return status
    }
}

/// libcurl's write callback: the receiver's answer body is not kept.
private let discardBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { _, size, count, _ in
    size * count
}
