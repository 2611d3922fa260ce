// Shapes to and from their rows (polygon points and attribute values as JSON text), and a whole set
// as JSON for revisions.
import Domain
import Foundation

enum ShapeCoding {
    static func shape(from row: SQLRow) throws -> Shape {
        let label: Int64 = row["label_id"]
        let values = try attributes(fromJSON: row["attributes"])
        switch row["kind"] as String {
        case "bbox": return .box(labelID: label, x: row["x"], y: row["y"], width: row["w"], height: row["h"], attributes: values)
        case "polygon": return .polygon(labelID: label, points: try points(fromJSON: row["points"]), attributes: values)
        case "tag": return .tag(labelID: label, attributes: values)
        case let other: throw StoreError.corrupt("unknown shape kind '\(other)'")
        }
    }

    /// A shape's attribute values as a JSON object, or nil (NULL) when it has none.
    static func attributesJSON(_ values: AttributeValues) -> String? {
        guard !values.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(values)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func attributes(fromJSON text: String?) throws -> AttributeValues {
        guard let text else { return [:] }
        guard let values = try? JSONDecoder().decode(AttributeValues.self, from: Data(text.utf8)) else {
            throw StoreError.corrupt("a shape's attributes are not a JSON object")
        }
        return values
    }

    /// A label's attributes as a JSON array, or nil (NULL) when it has none.
    static func schemaJSON(_ specs: [AttributeSpec]) -> String? {
        guard !specs.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(specs)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func schema(fromJSON text: String?) throws -> [AttributeSpec] {
        guard let text else { return [] }
        guard let specs = try? JSONDecoder().decode([AttributeSpec].self, from: Data(text.utf8)) else {
            throw StoreError.corrupt("a label's attributes are not a JSON list")
        }
        return specs
    }

    static func pointsJSON(_ points: [Point]) -> String {
        "[" + points.map { "[\($0.x),\($0.y)]" }.joined(separator: ",") + "]"
    }

    /// Parses the `[[x,y],…]` this type writes. A hand scan with strtod: exports read a million of
    /// these, and JSONSerialization was most of the time.
    static func points(fromJSON text: String) throws -> [Point] {
        var numbers: [Double] = []
        numbers.reserveCapacity(16)
        let wellFormed = text.withCString { start -> Bool in
            var cursor = start
            while cursor.pointee != 0 {
                switch UInt8(bitPattern: cursor.pointee) {
                case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: " "):
                    cursor += 1
                default:
                    var end: UnsafeMutablePointer<CChar>?
                    let value = strtod(cursor, &end)
                    guard let end, end != UnsafeMutablePointer(mutating: cursor) else { return false }
                    numbers.append(value)
                    cursor = UnsafePointer(end)
                }
            }
            return true
        }
        guard wellFormed, numbers.count % 2 == 0 else { throw StoreError.corrupt("polygon points are not [[x,y],…]") }
        return stride(from: 0, to: numbers.count, by: 2).map { Point(x: numbers[$0], y: numbers[$0 + 1]) }
    }

    /// A whole set in the API's JSON shape, kept with each revision.
    static func setJSON(_ shapes: [Shape]) -> String {
        "[" + shapes.map { shape -> String in
            let values = attributesJSON(shape.attributes).map { ",\"attributes\":\($0)" } ?? ""
            return switch shape {
            case .box(let label, let x, let y, let w, let h, _):
                "{\"type\":\"bbox\",\"label_id\":\(label),\"x\":\(x),\"y\":\(y),\"w\":\(w),\"h\":\(h)\(values)}"
            case .polygon(let label, let points, _):
                "{\"type\":\"polygon\",\"label_id\":\(label),\"points\":\(pointsJSON(points))\(values)}"
            case .tag(let label, _):
                "{\"type\":\"tag\",\"label_id\":\(label)\(values)}"
            }
        }.joined(separator: ",") + "]"
    }

    /// A set written by `setJSON`, read back.
    static func set(fromJSON text: String) throws -> [Shape] {
        struct Stored: Decodable {
            let type: String
            let label_id: Int64
            let x: Double?, y: Double?, w: Double?, h: Double?
            let points: [[Double]]?
            let attributes: AttributeValues?
        }
        guard let stored = try? JSONDecoder().decode([Stored].self, from: Data(text.utf8)) else { throw StoreError.corrupt("a saved shape set is not JSON") }
        return try stored.map { item in
            let values = item.attributes ?? [:]
            switch item.type {
            case "bbox":
                guard let x = item.x, let y = item.y, let w = item.w, let h = item.h else { throw StoreError.corrupt("a saved box lacks x, y, w or h") }
                return .box(labelID: item.label_id, x: x, y: y, width: w, height: h, attributes: values)
            case "polygon":
                return .polygon(labelID: item.label_id, points: (item.points ?? []).compactMap { $0.count == 2 ? Point(x: $0[0], y: $0[1]) : nil },
                                attributes: values)
            case "tag":
                return .tag(labelID: item.label_id, attributes: values)
            default:
                throw StoreError.corrupt("a saved shape has type \(item.type)")
            }
        }
    }
}
