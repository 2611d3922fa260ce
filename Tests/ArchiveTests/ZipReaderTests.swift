// Reading zips: stored and deflated entries, folders skipped, and damaged or hostile archives refused.
import Archive
import CZlib
import Testing

/// Builds a small zip in memory, the way common tools write one.
struct ZipBuilder {
    var bytes: [UInt8] = []
    var directory: [UInt8] = []
    var count = 0

    static func le(_ value: Int, _ width: Int) -> [UInt8] { (0..<width).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    static func deflate(_ data: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        deflateInit2_(&stream, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        var output = [UInt8](repeating: 0, count: data.count + 64)
        var input = data
        input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                _ = CZlib.deflate(&stream, Z_FINISH)
            }
        }
        let written = Int(stream.total_out)
        deflateEnd(&stream)
        return Array(output[..<written])
    }

    mutating func add(_ name: String, _ data: [UInt8], deflated: Bool, claimedSize: Int? = nil) {
        let packed = deflated ? Self.deflate(data) : data
        let crc = data.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, uInt($0.count))) }
        let method = deflated ? 8 : 0
        let size = claimedSize ?? data.count
        let offset = bytes.count
        let nameBytes = Array(name.utf8)
        bytes += [0x50, 0x4B, 0x03, 0x04] + Self.le(20, 2) + Self.le(0, 2) + Self.le(method, 2) + Self.le(0, 4) + Self.le(crc, 4)
            + Self.le(packed.count, 4) + Self.le(size, 4) + Self.le(nameBytes.count, 2) + Self.le(0, 2) + nameBytes + packed
        directory += [0x50, 0x4B, 0x01, 0x02] + Self.le(20, 2) + Self.le(20, 2) + Self.le(0, 2) + Self.le(method, 2) + Self.le(0, 4)
            + Self.le(crc, 4) + Self.le(packed.count, 4) + Self.le(size, 4) + Self.le(nameBytes.count, 2) + Self.le(0, 2) + Self.le(0, 2)
            + Self.le(0, 2) + Self.le(0, 2) + Self.le(0, 4) + Self.le(offset, 4) + nameBytes
        count += 1
    }

    func finished() -> [UInt8] {
        bytes + directory + [0x50, 0x4B, 0x05, 0x06] + Self.le(0, 4) + Self.le(count, 2) + Self.le(count, 2)
            + Self.le(directory.count, 4) + Self.le(bytes.count, 4) + Self.le(0, 2)
    }
}

@Suite struct ZipReaderTests {
    @Test func storedAndDeflatedEntriesUnpack() throws {
        // Given a zip with a folder, a stored file and a deflated one
        let text = Array(String(repeating: "loupe ", count: 500).utf8)
        var builder = ZipBuilder()
        builder.add("images/", [], deflated: false)
        builder.add("images/a.txt", [1, 2, 3], deflated: false)
        builder.add("annotations.json", text, deflated: true)
        let zip = try ZipReader(builder.finished())
        // Then the folder is skipped and both files come back whole
        #expect(zip.entries.map(\.name) == ["images/a.txt", "annotations.json"])
        #expect(try zip.data(of: zip.entries[0]) == [1, 2, 3])
        #expect(try zip.data(of: zip.entries[1]) == text)
    }

    @Test func hostileAndDamagedArchivesAreRefused() throws {
        #expect(throws: ArchiveError.notZip) { try ZipReader(Array("not a zip at all, just words".utf8)) }
        // An entry that claims to be small but unpacks to more is caught while unpacking
        var liar = ZipBuilder()
        liar.add("bomb.json", [UInt8](repeating: 0, count: 100_000), deflated: true, claimedSize: 10)
        let zip = try ZipReader(liar.finished())
        #expect(throws: ArchiveError.self) { try zip.data(of: zip.entries[0]) }
        // Flipped bytes in a stored entry fail the checksum
        var flipped = ZipBuilder()
        flipped.add("a.txt", [1, 2, 3, 4], deflated: false)
        var damaged = flipped.finished()
        damaged[30 + 5] ^= 0xFF  // the second byte of the data, after the 30-byte header and the 5-byte name
        let checked = try ZipReader(damaged)
        #expect(throws: ArchiveError.corrupt("'a.txt' fails its checksum")) { try checked.data(of: checked.entries[0]) }
        // An entry larger than the limit is refused before unpacking
        var big = ZipBuilder()
        big.add("big.bin", [UInt8](repeating: 7, count: 5_000), deflated: true)
        let limited = try ZipReader(big.finished(), maxEntrySize: 1_000)
        #expect(throws: ArchiveError.tooLarge(name: "big.bin", limit: 1_000)) { try limited.data(of: limited.entries[0]) }
        // A cut-off archive has no central directory
        let whole = big.finished()
        #expect(throws: ArchiveError.self) { try ZipReader(Array(whole.prefix(whole.count - 30))) }
    }
}
