// Smart polygons over the API: a rough box (and clicks on or off the object) in, a proposed outline
// out, from the picture the editor shows (the display rendition). Nothing is saved: the editor
// shows the proposal for the annotator to accept, refine or drop.
import Domain
import FileStore
import Foundation
import Imaging
import Store
import Web

struct SmartPolygonController: Sendable {
    let files: ContentStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.POST, "/api/v1/images/{id}/smart-polygon", access: .image(.member(.annotator)), proposePolygon)
    }

    struct Query: Decodable {
        /// [x, y, w, h] in image pixels.
        let box: [Double]
        let include: [[Double]]?
        let exclude: [[Double]]?
        let maxVertices: Int?
    }

    /// POST /api/v1/images/{id}/smart-polygon: `{"box": [x, y, w, h], "include": [[x, y]], "exclude": [[x, y]]}`.
    func proposePolygon(_ request: Request, _ context: ImageContext) throws -> Response {
        let query = try request.decodeJSON(Query.self)
        let image = context.image
        guard query.box.count == 4, query.box.allSatisfy(\.isFinite), query.box[2] >= 4, query.box[3] >= 4 else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "The box is [x, y, w, h] in image pixels, at least 4 × 4.", field: "box")
        }
        let maxVertices = query.maxVertices ?? 40
        guard (3...200).contains(maxVertices) else { throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "max_vertices is 3–200.", field: "max_vertices") }
        func clicks(_ points: [[Double]]?, _ field: String) throws -> [(x: Double, y: Double)] {
            try (points ?? []).enumerated().map { index, point in
                guard point.count == 2, point.allSatisfy(\.isFinite) else {
                    throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "A click is [x, y] in image pixels.", field: "\(field)[\(index)]")
                }
                return (point[0], point[1])
            }
        }
        let include = try clicks(query.include, "include"), exclude = try clicks(query.exclude, "exclude")
        guard include.count + exclude.count <= 50 else { throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "At most 50 clicks.", field: "include") }
        // The box, clamped to the image.
        let x0 = min(max(query.box[0], 0), Double(image.width)), y0 = min(max(query.box[1], 0), Double(image.height))
        let x1 = min(max(query.box[0] + query.box[2], 0), Double(image.width)), y1 = min(max(query.box[1] + query.box[3], 0), Double(image.height))
        guard x1 - x0 >= 4, y1 - y0 >= 4 else { throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "The box lies outside the image.", field: "box") }
        let started = Date()
        let picture = try Imaging.decode(files.read(image.displayPath ?? image.originalPath))
        let points = SmartPolygon.propose(in: picture, scale: Double(picture.width) / Double(image.width),
                                          box: (x0, y0, x1 - x0, y1 - y0), include: include, exclude: exclude, maxVertices: maxVertices)
        guard points.count >= 3 else {
            throw HTTPError(HTTPStatus.unprocessable, code: "nothing_found",
                            message: "Nothing in this box stands out from its surroundings; draw it by hand, or click on the object.", field: "box")
        }
        let rounded = points.map { [($0.x * 100).rounded() / 100, ($0.y * 100).rounded() / 100] }
        return try .json(SmartPolygonDTO(points: rounded, vertices: rounded.count, algorithm: "grabcut",
                                         milliseconds: Int(Date().timeIntervalSince(started) * 1000)))
    }
}

/// A proposed outline: its points (image pixels, clockwise), how many, how it was made, and how long it took.
struct SmartPolygonDTO: Encodable {
    let points: [[Double]]
    let vertices: Int
    let algorithm: String
    let milliseconds: Int
}
