// Reads a zip archive held in memory: the central directory lists the entries, each is unpacked
// on demand (stored, or deflate through zlib). Sizes are checked before and while unpacking, so a
// small archive cannot expand without bound.
import CZlib

public struct ZipEntry: Sendable, Equatable {
    public let name: String
    /// False for absolute names and names with a `..` part: nothing may be placed outside the archive's root.
    public var hasSafePath: Bool {
        // Some Windows tools write `\\` between folders, and a drive letter (`C:`) is absolute there.
        let path = String(name.map { $0 == "\\" ? "/" : $0 })
        let isDrive = path.count >= 2 && path.first!.isLetter && path.dropFirst().first == ":"
        return !path.hasPrefix("/") && !isDrive && !path.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }
    let method: Int
    let compressedSize: Int
    public let size: Int
    let localHeaderOffset: Int
    let flags: Int
    let crc: Int
}

public struct ZipReader {
    public let entries: [ZipEntry]
    private let bytes: [UInt8]
    /// No entry may unpack to more than this.
    public let maxEntrySize: Int

    public init(_ bytes: [UInt8], maxEntrySize: Int = 256 << 20) throws {
        self.bytes = bytes
        self.maxEntrySize = maxEntrySize
        // The end-of-central-directory record sits in the last 22 + 65,535 (comment) bytes.
        guard bytes.count >= 22, bytes[0..<4] == [0x50, 0x4B, 0x03, 0x04] || bytes[0..<4] == [0x50, 0x4B, 0x05, 0x06] else {
            throw ArchiveError.notZip
        }
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while end >= lowest, !(bytes[end] == 0x50 && bytes[end + 1] == 0x4B && bytes[end + 2] == 0x05 && bytes[end + 3] == 0x06) {
            end -= 1
        }
        guard end >= lowest else { throw ArchiveError.corrupt("no central directory") }
        var count = Self.u16(bytes, end + 10)
        var directoryOffset = Self.u32(bytes, end + 16)
        if count == 0xFFFF || directoryOffset == 0xFFFF_FFFF {
            // Zip64: a locator just before the end record points at the 64-bit end record.
            guard end >= 20, Self.u32(bytes, end - 20) == 0x0706_4B50 else { throw ArchiveError.corrupt("no zip64 locator") }
            let record = try Self.int64(bytes, end - 20 + 8)
            guard record + 56 <= bytes.count, Self.u32(bytes, record) == 0x0606_4B50 else { throw ArchiveError.corrupt("no zip64 end record") }
            count = try Self.int64(bytes, record + 32)
            directoryOffset = try Self.int64(bytes, record + 48)
        }
        var entries: [ZipEntry] = []
        entries.reserveCapacity(min(count, bytes.count / 46))
        var at = directoryOffset
        for _ in 0..<count {
            guard at + 46 <= bytes.count, Self.u32(bytes, at) == 0x0201_4B50 else { throw ArchiveError.corrupt("bad directory entry") }
            let nameLength = Self.u16(bytes, at + 28), extraLength = Self.u16(bytes, at + 30), commentLength = Self.u16(bytes, at + 32)
            guard at + 46 + nameLength + extraLength <= bytes.count else { throw ArchiveError.corrupt("entry name runs past the end") }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            var size = Self.u32(bytes, at + 24), compressed = Self.u32(bytes, at + 20), offset = Self.u32(bytes, at + 42)
            if size == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
                // The zip64 extra field holds, in this order, whichever of the three are full.
                var extra = at + 46 + nameLength
                let extraEnd = extra + extraLength
                while extra + 4 <= extraEnd, Self.u16(bytes, extra) != 0x0001 { extra += 4 + Self.u16(bytes, extra + 2) }
                guard extra + 4 <= extraEnd else { throw ArchiveError.corrupt("'\(name)' lacks its zip64 sizes") }
                var field = extra + 4
                func next() throws -> Int {
                    guard field + 8 <= extraEnd else { throw ArchiveError.corrupt("'\(name)' has a short zip64 field") }
                    defer { field += 8 }
                    return try Self.int64(bytes, field)
                }
                if size == 0xFFFF_FFFF { size = try next() }
                if compressed == 0xFFFF_FFFF { compressed = try next() }
                if offset == 0xFFFF_FFFF { offset = try next() }
            }
            entries.append(ZipEntry(name: name, method: Self.u16(bytes, at + 10), compressedSize: compressed, size: size,
                                    localHeaderOffset: offset, flags: Self.u16(bytes, at + 8), crc: Self.u32(bytes, at + 16)))
            at += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries.filter { !$0.name.hasSuffix("/") }  // folders hold nothing
    }

    /// Refuses the archive when an entry's path is unsafe or all entries together unpack past `limit`
    /// (a zip bomb declares its sizes; `data(of:)` holds each entry to its declared size).
    public func checkSafe(totalLimit limit: Int) throws {
        if let unsafe = entries.first(where: { !$0.hasSafePath }) { throw ArchiveError.unsafePath(name: unsafe.name) }
        var total = 0
        for entry in entries {
            total += entry.size
            if total > limit { throw ArchiveError.tooManyBytes(limit: limit) }
        }
    }

    /// The entry's bytes, unpacked and checked against its CRC-32.
    public func data(of entry: ZipEntry) throws -> [UInt8] {
        if entry.flags & 1 != 0 { throw ArchiveError.encrypted(name: entry.name) }
        guard entry.size <= maxEntrySize else { throw ArchiveError.tooLarge(name: entry.name, limit: maxEntrySize) }
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, Self.u32(bytes, header) == 0x0403_4B50 else { throw ArchiveError.corrupt("bad local header for '\(entry.name)'") }
        let start = header + 30 + Self.u16(bytes, header + 26) + Self.u16(bytes, header + 28)
        guard start + entry.compressedSize <= bytes.count else { throw ArchiveError.corrupt("'\(entry.name)' runs past the end") }
        let packed = bytes[start..<(start + entry.compressedSize)]
        let unpacked: [UInt8]
        switch entry.method {
        case 0: unpacked = Array(packed)
        case 8: unpacked = try Self.inflate(packed, expected: entry.size, name: entry.name)
        default: throw ArchiveError.unsupportedMethod(name: entry.name, method: entry.method)
        }
        guard unpacked.count == entry.size else { throw ArchiveError.corrupt("'\(entry.name)' has the wrong size") }
        let crc = unpacked.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, uInt($0.count))) }
        guard crc == entry.crc else { throw ArchiveError.corrupt("'\(entry.name)' fails its checksum") }
        return unpacked
    }

    /// Raw deflate into a buffer of exactly the declared size (one byte more reveals a lie).
    private static func inflate(_ packed: ArraySlice<UInt8>, expected: Int, name: String) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expected + 1)
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ArchiveError.corrupt("zlib would not start")
        }
        defer { inflateEnd(&stream) }
        let result = packed.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out -> Int32 in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard result == Z_STREAM_END, Int(stream.total_out) == expected else {
            throw ArchiveError.corrupt("'\(name)' does not unpack cleanly")
        }
        output.removeLast()
        return output
    }

    private static func u16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }
    private static func u32(_ b: [UInt8], _ at: Int) -> Int { u16(b, at) | u16(b, at + 2) << 16 }
    /// A 64-bit field, refused past what an archive held in memory could need.
    private static func int64(_ b: [UInt8], _ at: Int) throws -> Int {
        guard at + 8 <= b.count else { throw ArchiveError.corrupt("a zip64 field runs past the end") }
        let high = u32(b, at + 4)
        guard high < 1 << 20 else { throw ArchiveError.corrupt("a zip64 field is out of range") }
        return u32(b, at) | high << 32
    }
}
