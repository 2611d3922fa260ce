// The MLflow model-registry REST API (/api/2.0/mlflow/…) over Loupe's registry, so the `mlflow`
// client can register versions, move stages and use aliases. Client mistakes always answer 4xx in
// MLflow's error shape: the client retries 5xx for minutes.
import Domain
import Foundation
import Store
import Web

extension AppContext {
    /// The request's parameters: the query of a GET, the JSON body otherwise.
    struct MLflowParams {
        let values: [String: JSONValue]

        init(_ request: Request) throws {
            if request.method == .GET {
                var values: [String: JSONValue] = [:]
                for name in Set(request.query.pairs.map(\.name)) {
                    let all = request.query.all(name)
                    values[name] = all.count == 1 ? .string(all[0]) : .array(all.map { .string($0) })
                }
                self.values = values
            } else if request.body.isEmpty {
                values = [:]
            } else {
                guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(request.body)) else {
                    throw HTTPError.badRequest("The body must be a JSON object.", code: "invalid_json")
                }
                values = object
            }
        }

        func string(_ name: String) throws -> String {
            guard let value = optionalString(name), !value.isEmpty else {
                throw HTTPError.badRequest("Missing value for required parameter '\(name)'.", field: name, code: "missing_field")
            }
            return value
        }

        func optionalString(_ name: String) -> String? {
            switch values[name] {
            case .string(let s): s
            case .number(let n): n.rounded() == n ? String(Int(n)) : String(n)
            case .bool(let b): String(b)
            default: nil
            }
        }

        /// Versions arrive as strings ("3") or numbers.
        func version(_ name: String = "version") throws -> Int {
            guard let number = Int(try string(name)), number > 0 else {
                throw HTTPError.badRequest("'\(name)' must be a positive whole number.", field: name, code: "invalid_field")
            }
            return number
        }

        func flag(_ name: String) -> Bool {
            switch values[name] {
            case .bool(let b): b
            case .string(let s): s.lowercased() == "true"
            default: false
            }
        }

        func strings(_ name: String) -> [String] {
            switch values[name] {
            case .array(let items): items.compactMap { if case .string(let s) = $0 { s } else { nil } }
            case .string(let s): [s]
            default: []
            }
        }

        func tags() -> [String: String] {
            guard case .array(let items) = values["tags"] else { return [:] }
            var tags: [String: String] = [:]
            for case .object(let tag) in items {
                if case .string(let key) = tag["key"] {
                    if case .string(let value) = tag["value"] { tags[key] = value } else { tags[key] = "" }
                }
            }
            return tags
        }
    }

    /// MLflow's error shape for a refusal or a client mistake, with a 4xx status (the rule's refusals
    /// included). A real server fault is rethrown and stays a logged 500.
    static func mlflowError(_ error: any Error, _ request: Request) throws -> Response {
        guard let http = error.clientError else { throw error }
        let (status, code): (Int, String) = switch http.status {
        case 401: (401, "UNAUTHENTICATED")
        case 403: (403, "PERMISSION_DENIED")
        case 404: (404, "RESOURCE_DOES_NOT_EXIST")
        case 409 where http.code == "duplicate": (400, "RESOURCE_ALREADY_EXISTS")
        default: (400, "INVALID_PARAMETER_VALUE")
        }
        return try .json(MLflowError(errorCode: code, message: http.message), status: status)
    }

    func mlflowModel(named name: String) throws -> RegisteredModel {
        guard let model = try database.registeredModel(named: name) else {
            throw HTTPError.notFound("Registered Model with name=\(name) not found")
        }
        return model
    }

    func mlflowVersion(_ params: MLflowParams) throws -> ModelVersion {
        let model = try mlflowModel(named: try params.string("name"))
        let number = try params.version()
        guard let version = try database.modelVersion(modelID: model.id, number: number) else {
            throw HTTPError.notFound("Model Version (name=\(model.name), version=\(number)) not found")
        }
        return version
    }

    func mlflowShape(_ version: ModelVersion) throws -> MLflowModelVersion {
        let aliases = try database.aliases(modelID: version.modelId).filter { $0.value == version.version }.keys.sorted()
        return MLflowModelVersion(version, tags: try database.versionTags(versionID: version.id), aliases: aliases)
    }

    func mlflowShape(_ model: RegisteredModel) throws -> MLflowRegisteredModel {
        let latest = try latestPerStage(modelID: model.id).map(mlflowShape)
        return MLflowRegisteredModel(
            name: model.name, creationTimestamp: Int64(model.createdAt.timeIntervalSince1970 * 1000),
            lastUpdatedTimestamp: Int64(model.updatedAt.timeIntervalSince1970 * 1000), description: model.description,
            latestVersions: latest,
            tags: try database.modelTags(modelID: model.id).sorted { $0.key < $1.key }.map { MLflowTag(key: $0.key, value: $0.value) },
            aliases: try database.aliases(modelID: model.id).sorted { $0.key < $1.key }.map { MLflowAlias(alias: $0.key, version: String($0.value)) })
    }

    /// MLflow's latest versions: the newest version in each stage (of `stages`, or of every stage),
    /// oldest first.
    func latestPerStage(modelID: Int64, stages: [ModelStage] = []) throws -> [ModelVersion] {
        var seen = Set<ModelStage>()
        return try database.modelVersions(modelID: modelID)
            .filter { (stages.isEmpty || stages.contains($0.stage)) && seen.insert($0.stage).inserted }
            .sorted { $0.version < $1.version }
    }

    /// A page of `items` from the `page_token` offset, at most `max_results` (default 100, at most
    /// 200,000: the client asks for that many model versions).
    func mlflowPage<T>(_ items: [T], _ params: MLflowParams) throws -> (page: [T], next: String?) {
        let limit = Int(params.optionalString("max_results") ?? "") ?? 100
        guard (1...200_000).contains(limit) else {
            throw HTTPError.badRequest("max_results must be between 1 and 200000.", field: "max_results", code: "invalid_field")
        }
        let offset = Int(params.optionalString("page_token") ?? "") ?? 0
        guard offset >= 0 else { throw HTTPError.badRequest("Invalid page_token.", field: "page_token", code: "invalid_field") }
        let page = Array(items.dropFirst(offset).prefix(limit))
        return (page, offset + limit < items.count ? String(offset + limit) : nil)
    }

    func mlflowFilter(_ params: MLflowParams) throws -> RegistryFilter {
        do {
            return try RegistryFilter(parsing: params.optionalString("filter"))
        } catch {
            throw HTTPError.badRequest(error.message, field: "filter", code: "invalid_filter")
        }
    }
}

extension RouteTable {
    /// An MLflow route: its parameters read from the query or JSON body, and every refusal and client
    /// mistake (the access rule's included) answered in MLflow's error shape.
    mutating func addMLflow(_ method: HTTPMethod, _ pattern: String, access: Access<UserContext>,
                            _ handler: @escaping @Sendable (AppContext.MLflowParams, UserContext) throws -> Response) {
        add(method, pattern, access: access, recover: AppContext.mlflowError) { request, context in
            try handler(try AppContext.MLflowParams(request), context)
        }
    }
}
