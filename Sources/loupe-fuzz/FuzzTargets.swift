// The code that reads untrusted bytes, each behind one fuzz target: image headers and decoders,
// the multipart parser, the form parser, the COCO reader, the shape rules, and an annotation save's
// JSON body on its way to them.
import Domain
import Imaging
import Web

enum FuzzTargets {
    static let names = ["image", "multipart", "form", "coco", "shapes", "annotations"]

    /// Runs one input through the named target. Refusing input is fine; crashing, hanging or
    /// touching memory it should not (AddressSanitizer) is what the fuzzer looks for.
    static func run(_ target: String, _ bytes: [UInt8]) {
        switch target {
        case "image": image(bytes)
        case "multipart": multipart(bytes)
        case "form": form(bytes)
        case "coco": _ = try? COCOReader.read(bytes)
        case "shapes": shapes(bytes)
        case "annotations": annotations(bytes)
        default: fatalError("no fuzz target \(target); choose one of \(names)")
        }
    }

    /// Header, full decode and the thumbnail path, with a pixel cap small enough for fuzzing speed.
    static func image(_ bytes: [UInt8]) {
        guard let info = try? Imaging.inspect(bytes, maxPixels: 1 << 20) else { return }
        _ = try? Imaging.decode(bytes, maxPixels: 1 << 20)
        _ = try? Imaging.thumbnail(bytes, info: info, maxSide: 64)
    }

    /// The first byte picks where the body is cut in two, so chunk boundaries are fuzzed too.
    static func multipart(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let body = Array(bytes.dropFirst())
        let cut = body.isEmpty ? 0 : Int(first) % (body.count + 1)
        var parser = MultipartParser(boundary: "fuzzboundary")
        do {
            try parser.feed(body[..<cut]) { _ in }
            try parser.feed(body[cut...]) { _ in }
            try parser.finish()
        } catch {}
    }

    static func form(_ bytes: [UInt8]) {
        let fields = FormFields(urlEncoded: String(decoding: bytes, as: UTF8.self))
        _ = fields["name"]
        _ = FormFields.encodeComponent(String(decoding: bytes, as: UTF8.self))
    }

    /// Shapes built from the bytes: a kind byte, a label byte, then coordinates as raw doubles, so
    /// NaN, infinities, negatives and huge values all reach the rules.
    static func shapes(_ bytes: [UInt8]) {
        var reader = ByteReader(bytes)
        var shapes: [Shape] = []
        while let kind = reader.byte(), let label = reader.byte(), shapes.count < 64 {
            switch kind % 3 {
            case 0:
                guard let x = reader.double(), let y = reader.double(), let w = reader.double(), let h = reader.double() else { break }
                shapes.append(.box(labelID: Int64(label % 4), x: x, y: y, width: w, height: h))
            case 1:
                let count = Int(reader.byte() ?? 0) % 40
                var points: [Point] = []
                for _ in 0..<count {
                    guard let x = reader.double(), let y = reader.double() else { break }
                    points.append(Point(x: x, y: y))
                }
                shapes.append(.polygon(labelID: Int64(label % 4), points: points))
            default:
                shapes.append(.tag(labelID: Int64(label % 4)))
            }
        }
        _ = try? ShapeValidation().validated(shapes, width: 640, height: 480, labels: [0, 1, 2])
    }
}

extension FuzzTargets {
    /// A PUT /api/v1/images/{id}/annotations body, read the way the worker reads it: the JSON
    /// decoder with its error descriptions, the shapes' wire format, then the shape rules.
    static func annotations(_ bytes: [UInt8]) {
        let request = Request(method: .PUT, path: "/api/v1/images/1/annotations",
                              headers: ["Content-Type": "application/json"], body: bytes)
        do {
            let shapes = try request.decodeJSON(AnnotationSetJSON.self).domainShapes()
            _ = try ShapeValidation().validated(shapes, width: 640, height: 480, labels: [0, 1, 2])
        } catch {}
    }
}

/// Reads fixed-size values off the front of the fuzzer's bytes.
struct ByteReader {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    mutating func byte() -> UInt8? { bytes.popFirst() }

    mutating func double() -> Double? {
        guard bytes.count >= 8 else { return nil }
        let bits = bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        bytes = bytes.dropFirst(8)
        return Double(bitPattern: bits)
    }
}
