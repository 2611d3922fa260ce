// POST /api/v1/projects/{id}/images as multipart/form-data: many files in one request, streamed part
// by part; each file is ingested as soon as it has arrived and gets its own result.
import Foundation
import Store
import Web

extension ImageController {
    struct FileErrorDTO: Encodable {
        let code: String
        let message: String
        let field: String?
    }

    /// One file's outcome: the image (possibly a duplicate) or why it was refused.
    struct FileResultDTO: Encodable {
        let file: String
        let image: ImageDTO?
        let duplicate: Bool?
        let error: FileErrorDTO?
    }

    private struct Part {
        let name: String?
        let filename: String?
        var bytes: [UInt8] = []
    }

    func uploadImageBatch(_ request: Request, _ context: ProjectContext) throws -> Response {
        guard let boundary = MultipartParser.boundary(fromContentType: request.header("content-type") ?? "") else {
            throw HTTPError.badRequest("The multipart body has no boundary.", code: "malformed_multipart")
        }
        let (project, who) = (context.project, context.attribution)
        // A cookie session proves itself by header, or by a csrf_token field ahead of the first file.
        var csrf = context.caller.csrf
        var parser = MultipartParser(boundary: boundary)
        var part: Part?
        var results: [FileResultDTO] = []
        try request.forEachBodyChunk { chunk in
            try parser.feed(chunk) { event in
                switch event {
                case .partStart(let headers):
                    if headers.filename != nil { csrf = try csrf.settle(with: nil) }
                    part = Part(name: headers.name, filename: headers.filename)
                case .body(let bytes):
                    part?.bytes += bytes
                case .partEnd:
                    guard let finished = part else { return }
                    part = nil
                    if let filename = finished.filename {
                        // A file input left empty still sends one nameless, empty part.
                        if filename.isEmpty && finished.bytes.isEmpty { return }
                        results.append(try ingestOne(finished.bytes, filename: filename, project: project, who: who))
                    } else if finished.name == CSRFGate.field {
                        csrf = try csrf.settle(with: String(decoding: finished.bytes, as: UTF8.self))
                    }
                }
            }
        }
        try parser.finish()
        guard !results.isEmpty else {
            throw HTTPError.badRequest("The upload holds no files; send them as file fields.", field: "files", code: "no_files")
        }
        if request.acceptsHTML { return renderUploadResults(results, project: project) }
        return try .json(["results": results])
    }

    /// The answer to the page's form posted without JavaScript: a result per file and a way back.
    private func renderUploadResults(_ results: [FileResultDTO], project: Project) -> Response {
        let rows = results.map { result -> HTML in
            let outcome: HTML
            if let error = result.error {
                outcome = "<td class=\"error-text\">\(error.message)</td>"
            } else if result.duplicate == true {
                outcome = "<td>already in this project</td>"
            } else {
                outcome = "<td class=\"ok-text\">added</td>"
            }
            return "<tr><td>\(result.file)</td>\(outcome)</tr>\n"
        }
        let added = results.filter { $0.error == nil && $0.duplicate == false }.count
        return PageLayout.render(title: "Upload to \(project.name)", body: """
            <p>\(added) of \(results.count) files added.</p>
            <table><thead><tr><th>File</th><th>Result</th></tr></thead><tbody>\(rows)</tbody></table>
            <p><a href="/project.html?id=\(project.id)">Back to \(project.name)</a></p>
            """)
    }

    /// Ingests one file; an error the uploader can act on becomes that file's result, not the request's.
    private func ingestOne(_ bytes: [UInt8], filename: String, project: Project, who: Attribution) throws -> FileResultDTO {
        do {
            guard !bytes.isEmpty else { throw HTTPError.badRequest("The file is empty.", field: "file", code: "empty_file") }
            let (image, duplicate) = try ingest.ingest(bytes, fileName: filename, projectID: project.id, by: who)
            return FileResultDTO(file: filename, image: ImageDTO(image), duplicate: duplicate, error: nil)
        } catch {
            guard let detail = error.clientError else { throw error }
            return FileResultDTO(file: filename, image: nil, duplicate: nil,
                                 error: FileErrorDTO(code: detail.code, message: detail.message, field: detail.field))
        }
    }
}
