// The images a predict request brings: its body (one image), a multipart form's files, or a project's
// image ids in JSON. A missing image or bad file becomes that item's own error, not the request's.
import FileStore
import Foundation
import Store
import Web

struct ServeInput {
    /// One image to answer for: its name in the answer, and its bytes or why it could not be read.
    struct Item {
        let name: String
        let imageID: Int64?
        let bytes: Result<[UInt8], HTTPError>
    }

    /// One image in the body answers with one prediction; forms and id lists answer with a list.
    let items: [Item]
    let isBatch: Bool

    static let maxImages = 32

    struct ImageIDs: Decodable {
        let projectId: Int64
        let imageIds: [Int64]
    }

    static func read(_ request: Request, _ context: ServeContext, store: any ServingStore, files: ContentStore) throws -> ServeInput {
        let type = request.contentType.lowercased()
        if Request.streamsBody(contentType: type) { return ServeInput(items: try readForm(request, context), isBatch: true) }
        if type == "application/json" { return ServeInput(items: try readImageIDs(request, context, store: store, files: files), isBatch: true) }
        guard !request.body.isEmpty else {
            throw HTTPError.badRequest("Send an image as the body, several as multipart/form-data files, or JSON {\"project_id\", \"image_ids\"}.",
                                       field: "body", code: "no_image")
        }
        return ServeInput(items: [Item(name: "body", imageID: nil, bytes: .success(request.body))], isBatch: false)
    }

    private static func readForm(_ request: Request, _ context: ServeContext) throws -> [Item] {
        guard let boundary = MultipartParser.boundary(fromContentType: request.header("content-type") ?? "") else {
            throw HTTPError.badRequest("The multipart body has no boundary.", code: "malformed_multipart")
        }
        var csrf = context.caller.csrf
        var parser = MultipartParser(boundary: boundary)
        var current: (name: String, isFile: Bool, bytes: [UInt8])?
        var items: [Item] = []
        try request.forEachBodyChunk { chunk in
            try parser.feed(chunk) { event in
                switch event {
                case .partStart(let headers):
                    if let filename = headers.filename {
                        csrf = try csrf.settle(with: nil)
                        guard items.count < maxImages else { throw tooMany("files") }
                        current = (filename, true, [])
                    } else if headers.name == CSRFGate.field {
                        current = (CSRFGate.field, false, [])
                    }
                case .body(let bytes):
                    current?.bytes += bytes
                case .partEnd:
                    guard let done = current else { return }
                    current = nil
                    if !done.isFile {
                        csrf = try csrf.settle(with: String(decoding: done.bytes, as: UTF8.self))
                    } else if !done.bytes.isEmpty {
                        items.append(Item(name: done.name, imageID: nil, bytes: .success(done.bytes)))
                    }
                }
            }
        }
        try parser.finish()
        _ = try csrf.settle(with: nil)
        guard !items.isEmpty else { throw HTTPError.badRequest("The form holds no image files.", field: "files", code: "no_files") }
        return items
    }

    private static func readImageIDs(_ request: Request, _ context: ServeContext, store: any ServingStore, files: ContentStore) throws -> [Item] {
        let body = try request.decodeJSON(ImageIDs.self)
        guard !body.imageIds.isEmpty else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "List at least one image id.", field: "image_ids")
        }
        guard body.imageIds.count <= maxImages else { throw tooMany("image_ids") }
        let project = try context.project(body.projectId).project
        let found = Dictionary(uniqueKeysWithValues: try store.images(ids: body.imageIds, projectID: project.id).map { ($0.id, $0) })
        return try body.imageIds.map { id in
            guard let image = found[id] else {
                return Item(name: "image \(id)", imageID: id, bytes: .failure(.notFound("No image \(id) in \(project.name).")))
            }
            do {
                return Item(name: image.fileName, imageID: id, bytes: .success(try files.read(image.originalPath)))
            } catch FileStoreError.missing {
                return Item(name: image.fileName, imageID: id, bytes: .failure(.notFound("Image \(id)'s file is missing from the server.")))
            }
        }
    }

    private static func tooMany(_ field: String) -> HTTPError {
        HTTPError(HTTPStatus.unprocessable, code: "too_many_images",
                  message: "Send at most \(maxImages) images per request; a batch prediction job takes more.", field: field)
    }
}
