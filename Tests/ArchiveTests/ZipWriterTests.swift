// Writing zips: what ZipWriter streams reads back byte for byte, also past 65,535 entries (zip64).
import Archive
import Testing

@Suite struct ZipWriterTests {
    func written(chunkSize: Int = 1 << 16, _ body: (ZipWriter) throws -> Void) throws -> (bytes: [UInt8], chunks: Int) {
        var bytes: [UInt8] = []
        var chunks = 0
        let writer = ZipWriter(chunkSize: chunkSize) { bytes += $0; chunks += 1 }
        try body(writer)
        try writer.finish()
        return (bytes, chunks)
    }

    @Test func wholeAndStreamedEntriesReadBack() throws {
        // Given a stored file, a deflated text, and a text streamed in pieces
        let photo: [UInt8] = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        let text = Array(String(repeating: "0 0.5 0.5 0.1 0.2\n", count: 2_000).utf8)
        let (zip, chunks) = try written(chunkSize: 4_096) { writer in
            try writer.add("images/train/a.jpg", photo, compress: false)
            try writer.add("data.yaml", Array("names:\n  0: cat\n".utf8))
            try writer.begin("labels/train/a.txt")
            for start in stride(from: 0, to: text.count, by: 1_000) { try writer.write(Array(text[start..<min(start + 1_000, text.count)])) }
            try writer.end()
        }
        // Then it came out in several pieces and every entry reads back the same
        #expect(chunks >= 3)
        let reader = try ZipReader(zip)
        #expect(reader.entries.map(\.name) == ["images/train/a.jpg", "data.yaml", "labels/train/a.txt"])
        #expect(try reader.data(of: reader.entries[0]) == photo)
        #expect(try reader.data(of: reader.entries[1]) == Array("names:\n  0: cat\n".utf8))
        #expect(try reader.data(of: reader.entries[2]) == text)
        #expect(zip.count < photo.count + text.count / 4, "the text is deflated")
    }

    @Test func moreThan65535EntriesUseZip64() throws {
        // Given 70,000 small entries
        let (zip, _) = try written { writer in
            for index in 0..<70_000 { try writer.add("labels/\(index).txt", Array("\(index)\n".utf8)) }
        }
        // Then all of them are listed and read back
        let reader = try ZipReader(zip)
        #expect(reader.entries.count == 70_000)
        #expect(try reader.data(of: reader.entries[69_999]) == Array("69999\n".utf8))
    }

    @Test func aNameWrittenTwiceIsRefused() throws {
        let writer = ZipWriter { _ in }
        try writer.add("a.txt", [1])
        #expect(throws: ArchiveError.self) { try writer.add("a.txt", [2]) }
    }

    @Test func unsafePathsAndBombsAreRefused() throws {
        // Given archives with a climbing path, an absolute one, a Windows one, and a large total
        for name in ["../etc/passwd", "images/../../x.jpg", "/etc/passwd", "C:\\x.jpg", "a\\..\\..\\x"] {
            let (zip, _) = try written { try $0.add(name, [1, 2, 3]) }
            #expect(throws: ArchiveError.unsafePath(name: name)) { try ZipReader(zip).checkSafe(totalLimit: 1 << 20) }
        }
        let (safe, _) = try written { try $0.add("images/..hidden/x..jpg", [1]) }
        try ZipReader(safe).checkSafe(totalLimit: 1 << 20)
        let (big, _) = try written { writer in
            for index in 0..<3 { try writer.add("\(index).bin", [UInt8](repeating: 0, count: 1 << 20)) }
        }
        #expect(big.count < 30_000)
        #expect(throws: ArchiveError.tooManyBytes(limit: 2 << 20)) { try ZipReader(big).checkSafe(totalLimit: 2 << 20) }
    }
}
