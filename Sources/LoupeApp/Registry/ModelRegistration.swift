// Registering a model from outside: a multipart form (page or API) whose text fields describe the
// model and whose one file part is streamed to disk, never held whole in memory.
import Domain
import FileStore
import Foundation
import Store
import Tensor
import Web

struct ModelRegistration: Sendable {
    let store: any RegistryStore
    let files: ContentStore

    /// Model files the registry takes, and the framework each implies.
    static let modelFileFrameworks = ["pt": "pytorch", "pth": "pytorch", "onnx": "onnx", "pb": "tensorflow", "h5": "keras",
                                      "bin": "unknown", "safetensors": "safetensors", "loupe": "loupe-tensor"]
    static let maxModelBytes = 256 << 20

    /// Reads the multipart form (the CSRF gate settled before the file) and registers the next version.
    func register(_ request: Request, _ context: UserContext) throws -> ModelVersion {
        var upload: (file: PendingFile, name: String)?
        defer { upload?.file.discard() }  // a no-op once committed
        let fields = try MultipartForm.read(request, caller: context, startFile: { filename in
            guard upload == nil else { throw HTTPError.badRequest("Send one model file per request.", field: "file", code: "too_many_files") }
            let ext = (filename as NSString).pathExtension.lowercased()
            guard Self.modelFileFrameworks[ext] != nil else {
                throw HTTPError(HTTPStatus.unprocessable, code: "unsupported_model_file",
                                message: "A model file ends in .\(Self.modelFileFrameworks.keys.sorted().joined(separator: ", .")); '\(filename)' does not.",
                                field: "file")
            }
            upload = (try files.begin(), filename)
        }, fileBytes: { bytes in
            guard let pending = upload?.file else { return }
            guard pending.size + bytes.count <= Self.maxModelBytes else {
                throw HTTPError(HTTPStatus.payloadTooLarge, code: "too_large",
                                message: "Model files are limited to \(Self.maxModelBytes >> 20) MiB.", field: "file")
            }
            try pending.append(bytes)
        })
        return try register(fields: fields, upload: upload, by: context.attribution)
    }

    private func register(fields: [String: String], upload: (file: PendingFile, name: String)?, by who: Attribution) throws -> ModelVersion {
        let field = { (name: String) in (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let source = upload == nil ? "external" : "uploaded"
        var framework = field("framework"), modelType = field("model_type"), labels = "[]"
        var artifact: (path: String, sha256: String, size: Int)?
        var newlyStored: StoredFile?
        if let upload {
            guard upload.file.size > 0 else { throw HTTPError.badRequest("The model file is empty.", field: "file", code: "empty_file") }
            let ext = (upload.name as NSString).pathExtension.lowercased()
            let stored = try upload.file.commit(in: "models", extension: ext)
            if !stored.alreadyStored { newlyStored = stored }
            artifact = (stored.relativePath, stored.sha256, stored.size)
            if framework.isEmpty { framework = Self.modelFileFrameworks[ext] ?? "unknown" }
            if ext == "loupe" {
                // Loupe's own format is read back, so a damaged file is refused and its classes are known.
                do {
                    let file = try ModelFile(decoding: try files.read(stored.relativePath))
                    labels = String(decoding: try JSONEncoder().encode(file.header.labels), as: UTF8.self)
                    framework = "loupe-tensor"
                    if modelType.isEmpty { modelType = file.header.architecture.kind == .detector ? "object-detector" : "image-classifier" }
                } catch {
                    if let newlyStored { try? files.remove(newlyStored.relativePath) }
                    throw error
                }
            }
        }
        do {
            return try store.registerExternalVersion(ExternalVersion(
                modelName: field("name"), artifact: artifact, framework: framework.isEmpty ? "unknown" : framework,
                modelType: modelType.isEmpty ? "unknown" : modelType, source: source, sourceReference: field("source_reference"),
                description: field("description"), labels: labels), by: who)
        } catch {
            // Nothing refers to a file stored just now for a refused registration.
            if let newlyStored { try? files.remove(newlyStored.relativePath) }
            throw error
        }
    }
}
