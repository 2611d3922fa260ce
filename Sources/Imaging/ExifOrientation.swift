// Finding the EXIF orientation tag in a JPEG's APP1 segment, without decoding anything else.

enum ExifOrientation {
    /// The orientation recorded in the JPEG's EXIF block, or `.up` when there is none or it is
    /// unreadable (a damaged EXIF block must not make a viewable photo unusable).
    static func read(fromJPEG bytes: [UInt8]) -> Orientation {
        var offset = 2  // after SOI
        while offset + 4 <= bytes.count, bytes[offset] == 0xFF {
            let marker = bytes[offset + 1]
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { offset += 2; continue }
            if marker == 0xFF { offset += 1; continue }  // fill byte
            if marker == 0xDA || marker == 0xD9 { break }  // image data starts: no EXIF after this
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length >= 2, offset + 2 + length <= bytes.count else { break }
            let segment = bytes[(offset + 4)..<(offset + 2 + length)]
            if marker == 0xE1, segment.starts(with: Array("Exif\0\0".utf8)),
               let orientation = orientation(inTIFF: Array(segment.dropFirst(6))) {
                return orientation
            }
            offset += 2 + length
        }
        return .up
    }

    /// Reads tag 0x0112 from IFD0 of a TIFF block (either byte order).
    static func orientation(inTIFF tiff: [UInt8]) -> Orientation? {
        guard tiff.count >= 8 else { return nil }
        let little: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= tiff.count else { return nil }
            return little ? Int(tiff[at]) | Int(tiff[at + 1]) << 8 : Int(tiff[at]) << 8 | Int(tiff[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let a = u16(at), let b = u16(at + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd), count < 1000 else { return nil }
        for index in 0..<count {
            let entry = ifd + 2 + index * 12
            guard let tag = u16(entry) else { return nil }
            if tag == 0x0112 {
                guard u16(entry + 2) == 3, let value = u16(entry + 8) else { return nil }  // SHORT, inline
                return Orientation(rawValue: value)
            }
        }
        return nil
    }
}
