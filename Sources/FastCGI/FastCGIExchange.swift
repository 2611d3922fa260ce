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

    /// The params a request is built from, taken in one pass over libfcgi's environment.
    struct Params {
        var method = "", path = "", query = "", contentType = "", contentLength = "", remoteAddress = "", requestID = ""
        var headers: [String: String] = [:]
    }

    /// Scans the params on bytes and decodes only the ones Loupe uses: this runs for every
    /// param of every request. `DOCUMENT_URI` is nginx's decoded, normalised path.
    func params() -> Params {
        var result = Params()
        guard var cursor = fcgi.envp else { return result }
        while let entry = cursor.pointee {
            cursor += 1
            let bytes = UnsafeRawBufferPointer(start: entry, count: strlen(entry))
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = bytes[..<equals]
            let value = { String(decoding: bytes[(equals + 1)...], as: UTF8.self) }
            if name.starts(with: Self.httpPrefix) {
                result.headers[Self.headerName(fromParam: name.dropFirst(Self.httpPrefix.count))] = value()
                continue
            }
            switch String(decoding: name, as: UTF8.self) {
            case "REQUEST_METHOD": result.method = value()
            case "DOCUMENT_URI": result.path = value()
            case "QUERY_STRING": result.query = value()
            case "CONTENT_TYPE": result.contentType = value()
            case "CONTENT_LENGTH": result.contentLength = value()
            case "REMOTE_ADDR": result.remoteAddress = value()
            case "REQUEST_ID": result.requestID = value()
            default: break
            }
        }
        return result
    }

    private static let httpPrefix = Array("HTTP_".utf8)

    func readRequest(maxBodyBytes: Int) -> Result<Request, HTTPError> {
        let params = params()
        guard let method = HTTPMethod(rawValue: params.method) else {
            return .failure(HTTPError(HTTPStatus.methodNotAllowed, code: "method_not_allowed",
                                      message: "This method is not supported."))
        }
        var headers = params.headers
        if !params.contentType.isEmpty { headers["content-type"] = params.contentType }
        let length = Int(params.contentLength) ?? 0
        if length > 0 { headers["content-length"] = String(length) }
        guard length <= maxBodyBytes else {
            return .failure(HTTPError(HTTPStatus.payloadTooLarge, code: "payload_too_large",
                                      message: "The body is \(length) bytes; the limit is \(maxBodyBytes)."))
        }
        let streamed = Request.streamsBody(contentType: params.contentType)
        var body: [UInt8] = []
        if !streamed {
            guard let whole = readBody(length: length) else {
                return .failure(.badRequest("The request body ended early.", code: "incomplete_body"))
            }
            body = whole
        }
        var request = Request(
            method: method, path: params.path.isEmpty ? "/" : params.path, query: FormFields(urlEncoded: params.query),
            headers: headers, remoteAddress: params.remoteAddress, body: body,
            requestID: params.requestID.isEmpty ? Self.newRequestID() : params.requestID)
        if streamed {
            let input = fcgi.in
            request.bodyStream = BodyStream(length: length) { maximum in
                var chunk = [UInt8](repeating: 0, count: maximum)
                let got = chunk.withUnsafeMutableBufferPointer { buffer in
                    buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: maximum) {
                        FCGX_GetStr($0, Int32(maximum), input)
                    }
                }
                return got > 0 ? Array(chunk.prefix(Int(got))) : []
            }
        }
        return .success(request)
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

    /// Sends the response. An error from its stream comes back for the accept loop to log.
    @discardableResult
    func write(_ response: Response) -> (any Error)? {
        put(Self.head(of: response))
        put(response.body)
        guard let stream = response.stream else { return nil }
        do {
            try stream { bytes in put(bytes) }
            return nil
        } catch {
            return error
        }
    }

    /// The CGI response head (`Status:` and the headers), built as bytes: it is written for every request.
    static func head(of response: Response) -> [UInt8] {
        var head: [UInt8] = []
        head.reserveCapacity(256)
        head += "Status: ".utf8
        head += String(response.status).utf8
        head.append(UInt8(ascii: " "))
        head += HTTPStatus.reason(response.status).utf8
        head += "\r\n".utf8
        var hasContentType = false
        for (name, value) in response.headers {
            hasContentType = hasContentType || name.equalsIgnoringASCIICase("Content-Type")
            head += name.utf8
            head += ": ".utf8
            // A CR or LF in a value would let it inject headers; drop them.
            for byte in value.utf8 where byte != UInt8(ascii: "\r") && byte != UInt8(ascii: "\n") { head.append(byte) }
            head += "\r\n".utf8
        }
        if !hasContentType, !response.body.isEmpty || response.stream != nil {
            head += "Content-Type: application/octet-stream\r\n".utf8
        }
        head += "\r\n".utf8
        return head
    }

    private func put(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                _ = FCGX_PutStr($0, Int32(bytes.count), fcgi.out)
            }
        }
    }

    /// `X_CSRF_TOKEN` (after `HTTP_`) → `x-csrf-token`, on bytes.
    static func headerName<S: Sequence<UInt8>>(fromParam param: S) -> String {
        String(decoding: param.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "_"): UInt8(ascii: "-")
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
            default: byte
            }
        }, as: UTF8.self)
    }

    static func newRequestID() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
    }
}
