// Reading one request from libfcgi's params and stdin, and writing one response to its stdout.
import CFastCGI
import Foundation
import Web

struct FastCGIExchange {
    let fcgi: FCGX_Request

    func param(_ name: String) -> String? {
        guard let value = FCGX_GetParam(name, fcgi.envp) else { return nil }
        return String(cString: value)
    }

    /// All FastCGI params: CGI variables plus `HTTP_*` headers.
    func params() -> [String: String] {
        var result: [String: String] = [:]
        guard var cursor = fcgi.envp else { return result }
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            cursor += 1
        }
        return result
    }

    func readRequest(maxBodyBytes: Int) -> Result<Request, HTTPError> {
        let params = params()
        guard let method = HTTPMethod(rawValue: params["REQUEST_METHOD"] ?? "") else {
            return .failure(HTTPError(HTTPStatus.methodNotAllowed, code: "method_not_allowed",
                                      message: "This method is not supported."))
        }
        var headers: [String: String] = [:]
        for (name, value) in params where name.hasPrefix("HTTP_") {
            headers[name.dropFirst(5).lowercased().replacingOccurrences(of: "_", with: "-")] = value
        }
        if let type = params["CONTENT_TYPE"], !type.isEmpty { headers["content-type"] = type }
        let length = Int(params["CONTENT_LENGTH"] ?? "") ?? 0
        if length > 0 { headers["content-length"] = String(length) }
        guard length <= maxBodyBytes else {
            return .failure(HTTPError(HTTPStatus.payloadTooLarge, code: "payload_too_large",
                                      message: "The body is \(length) bytes; the limit is \(maxBodyBytes)."))
        }
        guard let body = readBody(length: length) else {
            return .failure(.badRequest("The request body ended early.", code: "incomplete_body"))
        }
        let target = params["REQUEST_URI"] ?? params["DOCUMENT_URI"] ?? "/"
        let requestID = params["REQUEST_ID"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.newRequestID()
        return .success(Request(method: method, target: target, headers: headers,
                                remoteAddress: params["REMOTE_ADDR"] ?? "", body: body, requestID: requestID))
    }

    private func readBody(length: Int) -> [UInt8]? {
        guard length > 0 else { return [] }
        var body = [UInt8](repeating: 0, count: length)
        var filled = 0
        let complete = body.withUnsafeMutableBufferPointer { buffer -> Bool in
            while filled < length {
                let chunk = min(length - filled, 1 << 20)
                let got = buffer.baseAddress!.advanced(by: filled).withMemoryRebound(to: CChar.self, capacity: chunk) {
                    FCGX_GetStr($0, Int32(chunk), fcgi.in)
                }
                if got <= 0 { return false }
                filled += Int(got)
            }
            return true
        }
        return complete ? body : nil
    }

    func write(_ response: Response) {
        var head = "Status: \(response.status) \(HTTPStatus.reason(response.status))\r\n"
        for (name, value) in response.headers {
            // A CR or LF in a value would let it inject headers; drop them.
            head += "\(name): \(value.filter { $0 != "\r" && $0 != "\n" })\r\n"
        }
        if response.header("Content-Type") == nil, !response.body.isEmpty {
            head += "Content-Type: application/octet-stream\r\n"
        }
        head += "\r\n"
        put(Array(head.utf8))
        put(response.body)
    }

    private func put(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                _ = FCGX_PutStr($0, Int32(bytes.count), fcgi.out)
            }
        }
    }

    static func newRequestID() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
    }
}
