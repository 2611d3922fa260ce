// One response from the object store, as libcurl's callbacks deliver it.
import Foundation

/// What came back: the status, the headers (lower-cased names), and the body routed to the caller
/// on success or kept (the first 64 KB) to explain a failure.
final class S3Response {
    private(set) var status = 0
    private var headers: [(String, String)] = []
    private(set) var errorBody: [UInt8] = []
    let receive: ((UnsafeRawBufferPointer) throws -> Void)?
    var receiveFailure: Error?

    init(receive: ((UnsafeRawBufferPointer) throws -> Void)?) {
        self.receive = receive
    }

    func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }

    func addHeaderLine(_ line: String) {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("HTTP/") {
            status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
            headers = []  // a new response (after a redirect or 100) starts over
        } else if let colon = text.firstIndex(of: ":") {
            headers.append((text[..<colon].lowercased(), text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
    }

    /// False stops the transfer (the caller's receiver threw).
    func addBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if (200..<300).contains(status) {
            do { try receive?(bytes) } catch { receiveFailure = error; return false }
        } else if errorBody.count < 65_536 {
            errorBody.append(contentsOf: bytes.prefix(65_536 - errorBody.count))
        }
        return true
    }

    /// Throws unless the status is 2xx: 5xx and 429 as the store being unavailable (retry later),
    /// anything else (a refused signature, a missing bucket) with the store's own code and message.
    func check(_ method: String, _ key: String) throws {
        guard !(200..<300).contains(status) else { return }
        let text = String(decoding: errorBody, as: UTF8.self)
        func element(_ name: String) -> String? {
            guard let start = text.range(of: "<\(name)>"), let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex) else { return nil }
            return String(text[start.upperBound..<end.lowerBound])
        }
        let reason = [element("Code"), element("Message")].compactMap { $0 }.joined(separator: ": ")
        let message = "\(method) \(key): the object store answered \(status)\(reason.isEmpty ? "" : " (\(reason))")"
        if status >= 500 || status == 429 { throw FileStoreError.objectStoreUnavailable(message) }
        throw FileStoreError.objectStore(message)
    }
}
