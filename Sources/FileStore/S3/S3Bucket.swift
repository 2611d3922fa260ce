// One bucket of an S3-compatible object store, spoken to through libcurl: HEAD, GET (streamed),
// conditional PUT (streamed from a file), DELETE, and presigned GETs for nginx to follow.
//
// libcurl, not a client of our own: it is already linked for webhooks, keeps connections alive per
// handle, streams uploads from a FILE*, and has handled proxies, timeouts and partial writes for
// decades. Only the signing (SigV4) is ours, on swift-crypto.
import CCurl
import Foundation
import Glibc
import Synchronization

public final class S3Bucket: Sendable {
    public let location: S3Location
    /// Idle easy handles (each keeps its connection open), and the process they belong to: a forked
    /// child must not share its parent's sockets, so it starts with none.
    private let idle = Mutex<(owner: pid_t, handles: [CurlHandle])>((getpid(), []))

    public init(location: S3Location) {
        self.location = location
    }

    public convenience init(url: String) throws {
        self.init(location: try S3Location(url))
    }

    deinit {
        idle.withLock { state in
            if state.owner == getpid() { state.handles.forEach { curl_easy_cleanup($0.pointer) } }
        }
    }

    /// An object's size and version, or nil when there is none under `key`.
    public struct Head: Sendable, Equatable {
        public let size: Int
        /// The ETag and Last-Modified the store reports: they change whenever the object is replaced.
        public let revision: String
    }

    /// Throws unless the bucket is there and these credentials may use it: checked at start, so a
    /// wrong key, secret or bucket stops a process with the store's reason rather than failing uploads.
    public func checkAccess() throws {
        let response = try perform(method: "HEAD", key: nil)
        switch response.status {
        case 200..<300: return
        case 404: throw FileStoreError.objectStoreSetting("The object store at \(location.endpoint) has no bucket \(location.bucket).")
        case 401, 403: throw FileStoreError.objectStoreSetting("The object store at \(location.endpoint) refused access key \(location.accessKey) for bucket \(location.bucket) (\(response.status)): check the key and secret.")
        default: try response.check("HEAD", location.bucket)
        }
    }

    public func head(_ key: String) throws -> Head? {
        let response = try perform(method: "HEAD", key: key)
        if response.status == 404 { return nil }
        try response.check("HEAD", key)
        let size = Int(response.header("content-length") ?? "") ?? 0
        return Head(size: size, revision: "\(response.header("etag") ?? "")|\(response.header("last-modified") ?? "")")
    }

    /// Streams the object's bytes to `receive`; false when there is no such object.
    @discardableResult
    public func get(_ key: String, into receive: @escaping (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        let response = try perform(method: "GET", key: key, receive: receive)
        if response.status == 404 { return false }
        try response.check("GET", key)
        return true
    }

    /// Uploads the file at `path` (streamed, never read whole) under `key` unless an object is already
    /// there (`If-None-Match: *`): content-addressed keys make a second writer's bytes the same, so
    /// losing that race is harmless. The store checks the bytes against `sha256`: it is the signed
    /// payload hash and the `x-amz-checksum-sha256` (some stores, SeaweedFS among them, check only
    /// the latter). True when written.
    public func put(_ key: String, fileAt path: String, size: Int, sha256: String, contentType: String = "application/octet-stream") throws -> Bool {
        guard let file = fopen(path, "rb") else { throw FileStoreError.io("open", path) }
        defer { fclose(file) }
        let response = try perform(method: "PUT", key: key, headers: [("content-type", contentType), ("if-none-match", "*"), ("x-amz-checksum-sha256", Self.base64(hex: sha256))],
                                   payloadHash: sha256, upload: (file, size))
        if response.status == 412 { return false }
        try response.check("PUT", key)
        return true
    }

    private static func base64(hex: String) -> String {
        let digits = Array(hex.utf8)
        let bytes = stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16) ?? 0 }
        return Data(bytes).base64EncodedString()
    }

    public func delete(_ key: String) throws {
        let response = try perform(method: "DELETE", key: key)
        if response.status == 404 { return }
        try response.check("DELETE", key)
    }

    /// `/bucket/key?X-Amz-…`: a GET of this path on the store's endpoint, with the Host header
    /// `location.host`, is allowed for `expires` seconds.
    public func presignedPath(_ key: String, expires: Int = 300, now: Date = Date()) -> String {
        let path = location.path(of: key)
        return path + "?" + location.signer.presignedQuery(path: path, host: location.host, date: now, expires: expires)
    }

    // MARK: - Transfers

    /// `key` nil: the bucket itself.
    private func perform(method: String, key: String?, headers: [(String, String)] = [],
                         payloadHash: String = SignatureV4.emptyPayloadHash, upload: (file: UnsafeMutablePointer<FILE>, size: Int)? = nil,
                         receive: ((UnsafeRawBufferPointer) throws -> Void)? = nil) throws -> S3Response {
        let path = key.map(location.path(of:)) ?? "/\(location.bucket)"
        let signed = location.signer.signedHeaders(method: method, path: path, headers: [("host", location.host)] + headers,
                                                   payloadHash: payloadHash, date: Date())
        var list: UnsafeMutablePointer<curl_slist>?
        for (name, value) in headers + signed { list = curl_slist_append(list, "\(name): \(value)") }
        list = curl_slist_append(list, "Expect:")  // no 100-continue round trip before an upload
        defer { curl_slist_free_all(list) }

        let handle = try checkOut()
        let curl = handle.pointer
        let response = S3Response(receive: receive)
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errors in
            let context = Unmanaged.passUnretained(response).toOpaque()
            curl_easy_reset(curl)  // keeps the connection; clears the previous request's options
            loupe_curl_set_string(curl, CURLOPT_URL, location.endpoint + path)
            loupe_curl_set_string(curl, CURLOPT_PROTOCOLS_STR, "http,https")
            loupe_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
            loupe_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT_MS, 3000)
            // A transfer that stalls (a store that stopped answering) ends; a slow large one does not.
            loupe_curl_set_long(curl, CURLOPT_LOW_SPEED_LIMIT, 1)
            loupe_curl_set_long(curl, CURLOPT_LOW_SPEED_TIME, 15)
            loupe_curl_set_list(curl, CURLOPT_HTTPHEADER, list)
            loupe_curl_set_pointer(curl, CURLOPT_ERRORBUFFER, errors.baseAddress)
            loupe_curl_set_pointer(curl, CURLOPT_HEADERFUNCTION, unsafeBitCast(receiveHeader, to: UnsafeMutableRawPointer.self))
            loupe_curl_set_pointer(curl, CURLOPT_HEADERDATA, context)
            loupe_curl_set_pointer(curl, CURLOPT_WRITEFUNCTION, unsafeBitCast(receiveBody, to: UnsafeMutableRawPointer.self))
            loupe_curl_set_pointer(curl, CURLOPT_WRITEDATA, context)
            switch method {
            case "HEAD": loupe_curl_set_long(curl, CURLOPT_NOBODY, 1)
            case "GET": break
            case "PUT":
                loupe_curl_set_long(curl, CURLOPT_UPLOAD, 1)
                loupe_curl_set_pointer(curl, CURLOPT_READDATA, upload.map { UnsafeMutableRawPointer($0.file) })
                loupe_curl_set_size(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(upload?.size ?? 0))
            default: loupe_curl_set_string(curl, CURLOPT_CUSTOMREQUEST, method)
            }
            return curl_easy_perform(curl)
        }
        if let failure = response.receiveFailure {
            checkIn(handle, reusable: false)
            throw failure
        }
        guard code == CURLE_OK else {
            checkIn(handle, reusable: false)
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw FileStoreError.objectStoreUnavailable("\(method) \(location.endpoint)\(path): \(detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)")
        }
        checkIn(handle, reusable: true)
        return response
    }

    private func checkOut() throws -> CurlHandle {
        let reused: CurlHandle? = idle.withLock { state in
            if state.owner != getpid() { state = (getpid(), []) }  // the parent's handles stay the parent's
            return state.handles.popLast()
        }
        if let reused { return reused }
        guard let pointer = curl_easy_init() else { throw FileStoreError.objectStoreUnavailable("libcurl would not start") }
        return CurlHandle(pointer: pointer)
    }

    private func checkIn(_ handle: CurlHandle, reusable: Bool) {
        let kept = reusable && idle.withLock { state in
            guard state.owner == getpid(), state.handles.count < 16 else { return false }
            state.handles.append(handle)
            return true
        }
        if !kept { curl_easy_cleanup(handle.pointer) }
    }
}

/// An easy handle is used by one thread at a time: it moves between threads only through the idle list.
private struct CurlHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
}

private let receiveHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, context in
    guard let data, let context else { return 0 }
    let response = Unmanaged<S3Response>.fromOpaque(context).takeUnretainedValue()
    response.addHeaderLine(String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self))
    return size * count
}

private let receiveBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, context in
    guard let data, let context else { return 0 }
    let response = Unmanaged<S3Response>.fromOpaque(context).takeUnretainedValue()
    return response.addBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
}
