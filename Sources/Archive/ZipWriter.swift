// Writes a zip archive as a stream of bytes, never holding more than one entry: an export can be
// sent while it is made. Text is deflated, files already compressed (JPEG, PNG) are stored. Zip64
// records are added when an archive passes 65,535 entries or 4 GB, as Python, Info-ZIP and 7-Zip read.
import CZlib

public final class ZipWriter {
    private struct Written {
        let name: [UInt8]
        let method: UInt16
        let flags: UInt16
        let crc: UInt32
        let compressedSize: Int
        let size: Int
        let offset: Int
    }

    private let emit: ([UInt8]) throws -> Void
    private let chunkSize: Int
    private var buffer: [UInt8] = []
    /// Bytes handed to `emit` so far; `position` adds what is still buffered.
    private var offset = 0
    private var position: Int { offset + buffer.count }
    private var written: [Written] = []
    private var names = Set<String>()
    private var open: (name: [UInt8], offset: Int, stream: DeflateStream)?

    /// `emit` receives the archive in pieces of about `chunkSize` bytes.
    public init(chunkSize: Int = 1 << 16, emit: @escaping ([UInt8]) throws -> Void) {
        self.emit = emit
        self.chunkSize = chunkSize
        buffer.reserveCapacity(chunkSize + 1024)
    }

    /// One whole entry: deflated when `compress`, else stored as it is.
    public func add(_ name: String, _ bytes: [UInt8], compress: Bool = true) throws {
        precondition(open == nil, "an entry is still open")
        let nameBytes = try claim(name)
        let crc = Self.crc(bytes, 0)
        let packed = compress ? try DeflateStream.deflateAll(bytes) : bytes
        // A deflated copy that came out larger is stored instead.
        let (method, body): (UInt16, [UInt8]) = compress && packed.count < bytes.count ? (8, packed) : (0, bytes)
        guard body.count < 0xFFFF_FFFF, bytes.count < 0xFFFF_FFFF else { throw ArchiveError.tooLarge(name: name, limit: 0xFFFF_FFFE) }
        let entry = Written(name: nameBytes, method: method, flags: 0x0800, crc: crc, compressedSize: body.count, size: bytes.count, offset: position)
        append(localHeader(entry))
        if body.count >= chunkSize {
            try flush()
            try emit(body)
            offset += body.count
        } else {
            append(body)
        }
        written.append(entry)
        try flushIfFull()
    }

    /// Starts an entry whose bytes come in pieces (`write`), deflated as they come; `end` closes it.
    public func begin(_ name: String) throws {
        precondition(open == nil, "an entry is still open")
        let nameBytes = try claim(name)
        // Bit 3: sizes and CRC follow the data in a descriptor. Bit 11: the name is UTF-8.
        let header = Written(name: nameBytes, method: 8, flags: 0x0808, crc: 0, compressedSize: 0, size: 0, offset: position)
        append(localHeader(header))
        open = (nameBytes, header.offset, try DeflateStream())
    }

    public func write(_ bytes: [UInt8]) throws {
        guard let stream = open?.stream else { preconditionFailure("no entry is open") }
        try stream.feed(bytes) { append($0) }
        try flushIfFull()
    }

    public func end() throws {
        guard let (name, start, stream) = open else { preconditionFailure("no entry is open") }
        open = nil
        try stream.finish { append($0) }
        guard stream.totalIn < 0xFFFF_FFFF, stream.totalOut < 0xFFFF_FFFF else {
            throw ArchiveError.tooLarge(name: String(decoding: name, as: UTF8.self), limit: 0xFFFF_FFFE)
        }
        let entry = Written(name: name, method: 8, flags: 0x0808, crc: stream.crc, compressedSize: stream.totalOut, size: stream.totalIn, offset: start)
        append(le32(0x0807_4B50) + le32(entry.crc) + le32(UInt32(entry.compressedSize)) + le32(UInt32(entry.size)))
        written.append(entry)
        try flushIfFull()
    }

    /// The central directory; the archive is complete after this.
    public func finish() throws {
        precondition(open == nil, "an entry is still open")
        let directoryStart = position
        for entry in written {
            let needs64 = entry.offset >= 0xFFFF_FFFF
            let extra: [UInt8] = needs64 ? le16(0x0001) + le16(8) + le64(UInt64(entry.offset)) : []
            var record = le32(0x0201_4B50) + le16(needs64 ? 45 : 20) + le16(needs64 ? 45 : 20) + le16(entry.flags) + le16(entry.method)
            record += le16(0) + le16(0x5C21) + le32(entry.crc) + le32(UInt32(entry.compressedSize)) + le32(UInt32(entry.size))
            record += le16(UInt16(entry.name.count)) + le16(UInt16(extra.count)) + le16(0) + le16(0) + le16(0) + le32(0)
            record += le32(needs64 ? 0xFFFF_FFFF : UInt32(entry.offset))
            append(record + entry.name + extra)
            try flushIfFull()
        }
        let directorySize = position - directoryStart
        let count = written.count
        if count >= 0xFFFF || directoryStart >= 0xFFFF_FFFF || directorySize >= 0xFFFF_FFFF {
            let zip64End = position
            append(le32(0x0606_4B50) + le64(44) + le16(45) + le16(45) + le32(0) + le32(0))
            append(le64(UInt64(count)) + le64(UInt64(count)) + le64(UInt64(directorySize)) + le64(UInt64(directoryStart)))
            append(le32(0x0706_4B50) + le32(0) + le64(UInt64(zip64End)) + le32(1))
            append(le32(0x0605_4B50) + le16(0) + le16(0) + le16(0xFFFF) + le16(0xFFFF) + le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF) + le16(0))
        } else {
            append(le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(count)) + le16(UInt16(count)))
            append(le32(UInt32(directorySize)) + le32(UInt32(directoryStart)) + le16(0))
        }
        try flush()
    }

    // MARK: - Pieces

    private func claim(_ name: String) throws -> [UInt8] {
        guard names.insert(name).inserted else { throw ArchiveError.corrupt("'\(name)' would be written twice") }
        let bytes = Array(name.utf8)
        guard bytes.count < 0xFFFF else { throw ArchiveError.corrupt("the name '\(name.prefix(40))…' is too long") }
        return bytes
    }

    private func localHeader(_ entry: Written) -> [UInt8] {
        // 1 January 2026, 00:00: a fixed time, so the same data gives the same archive.
        var header = le32(0x0403_4B50) + le16(20) + le16(entry.flags) + le16(entry.method) + le16(0) + le16(0x5C21)
        header += le32(entry.crc) + le32(UInt32(entry.compressedSize)) + le32(UInt32(entry.size))
        header += le16(UInt16(entry.name.count)) + le16(0)
        return header + entry.name
    }

    private func append(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    private func flushIfFull() throws {
        if buffer.count >= chunkSize { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        offset += buffer.count
        try emit(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    static func crc(_ bytes: [UInt8], _ start: UInt32) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(crc32(uLong(start), $0.baseAddress, uInt($0.count))) }
    }
}

private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> ($0 * 8)) & 0xFF) } }
private func le64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8((value >> ($0 * 8)) & 0xFF) } }

/// Raw deflate (no zlib header, as zip wants), fed in pieces, with a running CRC-32 of the input.
final class DeflateStream {
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private(set) var crc: UInt32 = 0
    private(set) var totalIn = 0
    private(set) var totalOut = 0

    init() throws {
        // Level 1: about three times the speed of the default 6 on label text, for files a tenth larger.
        guard deflateInit2_(&stream, 1, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ArchiveError.corrupt("zlib would not start")
        }
    }

    deinit { deflateEnd(&stream) }

    static func deflateAll(_ bytes: [UInt8]) throws -> [UInt8] {
        let stream = try DeflateStream()
        var packed: [UInt8] = []
        try stream.feed(bytes) { packed.append(contentsOf: $0) }
        try stream.finish { packed.append(contentsOf: $0) }
        return packed
    }

    func feed(_ bytes: [UInt8], into sink: ([UInt8]) -> Void) throws {
        crc = ZipWriter.crc(bytes, crc)
        totalIn += bytes.count
        try run(bytes, flush: Z_NO_FLUSH, into: sink)
    }

    func finish(into sink: ([UInt8]) -> Void) throws {
        try run([], flush: Z_FINISH, into: sink)
    }

    private func run(_ bytes: [UInt8], flush: Int32, into sink: ([UInt8]) -> Void) throws {
        try bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            while true {
                let (result, produced) = output.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    let result = deflate(&stream, flush)
                    return (result, out.count - Int(stream.avail_out))
                }
                guard result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR else {
                    throw ArchiveError.corrupt("zlib failed (\(result))")
                }
                if produced > 0 {
                    totalOut += produced
                    sink(Array(output[0..<produced]))
                }
                if flush == Z_FINISH ? result == Z_STREAM_END : (stream.avail_in == 0 && produced < output.count) { break }
            }
        }
    }
}
