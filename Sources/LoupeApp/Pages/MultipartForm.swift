// Reading a streamed multipart form: text fields into a dictionary, file parts handed over chunk by
// chunk, and the caller's CSRF gate settled before the first byte of any file is accepted.
import Web

enum MultipartForm {
    /// Text fields by name. `startFile` gets each non-empty file part's name; `fileBytes` its bytes.
    static func read(_ request: Request, caller: UserContext, startFile: (String) throws -> Void,
                           fileBytes: ([UInt8]) throws -> Void) throws -> [String: String] {
        guard let boundary = MultipartParser.boundary(fromContentType: request.header("content-type") ?? "") else {
            throw HTTPError.badRequest("Send the form as multipart/form-data.", code: "malformed_multipart")
        }
        var csrf = caller.csrf
        var parser = MultipartParser(boundary: boundary)
        var fields: [String: String] = [:]
        var field: (name: String?, text: [UInt8])?
        var inFile = false
        try request.forEachBodyChunk { chunk in
            try parser.feed(chunk) { event in
                switch event {
                case .partStart(let headers):
                    if let filename = headers.filename, !filename.isEmpty {
                        csrf = try csrf.settle(with: fields[CSRFGate.field])
                        try startFile(filename)
                        inFile = true
                    } else {
                        field = (headers.name, [])
                    }
                case .body(let bytes):
                    if inFile {
                        try fileBytes(bytes)
                    } else if field != nil {
                        guard field!.text.count + bytes.count <= 10_000 else {
                            throw HTTPError.badRequest("A text field is over 10,000 bytes.", field: field?.name, code: "field_too_long")
                        }
                        field!.text += bytes
                    }
                case .partEnd:
                    if let done = field, let name = done.name { fields[name] = String(decoding: done.text, as: UTF8.self) }
                    field = nil
                    inFile = false
                }
            }
        }
        try parser.finish()
        _ = try csrf.settle(with: fields[CSRFGate.field])
        return fields
    }
}
