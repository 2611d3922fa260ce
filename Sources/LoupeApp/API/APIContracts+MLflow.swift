// MLflow's routes: their parameters (the query of a GET, a JSON body otherwise, as MLflow's REST API
// takes them) and answers in MLflow's shapes. Values are read as MLflow's server reads them: a name or
// key may come as a string, number or boolean; a version as "3" or 3.
extension APIContracts {
    /// A required text value as MLflow's server takes it (JSON strings, numbers and booleans are read as text).
    nonisolated(unsafe) static let mlflowText: JSONSchema = ["anyOf": [["type": "string", "minLength": 1], S.number, S.boolean]]
    nonisolated(unsafe) static let mlflowVersion: JSONSchema = ["anyOf": [["type": "string", "pattern": versionPattern], ["type": "integer", "minimum": 1, "maximum": 999_999_999]]]
    /// As Swift's Int() reads a positive number: an optional +, leading zeros.
    static let versionPattern = "^[+]?0*[1-9][0-9]{0,8}$"
    /// An optional text value, read the same way (empty allowed).
    nonisolated(unsafe) static let mlflowOptionalText: JSONSchema = ["anyOf": [S.string, S.number, S.boolean]]
    nonisolated(unsafe) static let mlflowTags = S.list(S.object(["key": S.string], optional: ["value": S.string]))

    static func mlflowModel(_ key: String) -> JSONSchema { S.object([key: S.ref("MLflowRegisteredModel")]) }
    static func mlflowVersionAnswer(_ key: String = "model_version") -> JSONSchema { S.object([key: S.ref("MLflowModelVersion")]) }
    nonisolated(unsafe) static let mlflowEmpty = S.object([:], description: "An empty object.")

    /// A GET's parameters in the query: each required one as text, the optional ones named.
    static func query(_ required: [String], optional: [String: JSONSchema] = [:]) -> [C.Query] {
        required.map { C.Query(name: $0, schema: $0 == "version" ? ["type": "string", "pattern": versionPattern] : ["type": "string", "minLength": 1],
                               description: "MLflow's `\($0)`.", required: true) }
            + optional.sorted { $0.key < $1.key }.map { C.Query(name: $0.key, schema: $0.value, description: "MLflow's `\($0.key)`.") }
    }

    /// A write's JSON body: the required parameters and the optional ones.
    static func body(_ required: [String], optional: [String: JSONSchema] = [:]) -> JSONSchema {
        S.object(Dictionary(uniqueKeysWithValues: required.map { ($0, $0 == "version" ? mlflowVersion : mlflowText) }), optional: optional)
    }

    nonisolated(unsafe) static let paging: [String: JSONSchema] = [
        "max_results": ["type": "string", "pattern": "^[0-9]{1,6}$"], "page_token": ["type": "string", "pattern": "^[0-9]{1,9}$"],
        "filter": S.string,
    ]

    static let mlflowBase = "/api/2.0/mlflow"
    nonisolated(unsafe) static let mlflow: [String: C] = Dictionary(uniqueKeysWithValues: [
        ("POST", "registered-models/create", C("Register a model by name (MLflow).", 200, .json(mlflowModel("registered_model")),
                                              body: body(["name"], optional: ["description": mlflowOptionalText, "tags": mlflowTags]), example: ["name": "Birds"])),
        ("GET", "registered-models/get", C("A registered model (MLflow).", 200, .json(mlflowModel("registered_model")), query: query(["name"]))),
        ("POST", "registered-models/rename", C("Rename a model (MLflow; admins).", 200, .json(mlflowModel("registered_model")),
                                              body: body(["name", "new_name"]), example: ["name": "Birds", "new_name": "Garden birds"])),
        ("PATCH", "registered-models/update", C("Describe a model (MLflow).", 200, .json(mlflowModel("registered_model")),
                                               body: body(["name"], optional: ["description": mlflowOptionalText]), example: ["name": "Birds", "description": "Feeder cam"])),
        ("DELETE", "registered-models/delete", C("Delete a model and its versions (MLflow; admins).", 200, .json(mlflowEmpty),
                                                body: body(["name"]), example: ["name": "Birds"])),
        ("GET", "registered-models/search", C("Search models (MLflow's filter: name = or LIKE).", 200, .json(S.object(
            [:], optional: ["registered_models": S.list(S.ref("MLflowRegisteredModel")), "next_page_token": S.string])),
            query: query([], optional: paging))),
        ("GET", "registered-models/get-latest-versions", C("The newest version in each stage (MLflow).", 200,
                                                          .json(S.object([:], optional: ["model_versions": S.list(S.ref("MLflowModelVersion"))])),
                                                          query: query(["name"], optional: ["stages": S.string]))),
        ("POST", "registered-models/get-latest-versions", C("The newest version in each stage (MLflow).", 200,
                                                           .json(S.object([:], optional: ["model_versions": S.list(S.ref("MLflowModelVersion"))])),
                                                           body: body(["name"], optional: ["stages": ["anyOf": [S.string, S.list(S.string)]]]), example: ["name": "Birds", "stages": ["Production"]])),
        ("POST", "registered-models/set-tag", C("Tag a model (MLflow).", 200, .json(mlflowEmpty),
                                               body: body(["name", "key"], optional: ["value": mlflowOptionalText]), example: ["name": "Birds", "key": "team", "value": "vision"])),
        ("DELETE", "registered-models/delete-tag", C("Remove a model's tag (MLflow).", 200, .json(mlflowEmpty),
                                                    body: body(["name", "key"]), example: ["name": "Birds", "key": "team"])),
        ("POST", "registered-models/alias", C("Point an alias at a version (MLflow; admins).", 200, .json(mlflowEmpty),
                                             body: body(["name", "alias", "version"]), example: ["name": "Birds", "alias": "champion", "version": "3"])),
        ("DELETE", "registered-models/alias", C("Remove an alias (MLflow; admins).", 200, .json(mlflowEmpty),
                                               body: body(["name", "alias"]), example: ["name": "Birds", "alias": "champion"])),
        ("GET", "registered-models/alias", C("The version an alias points at (MLflow).", 200, .json(mlflowVersionAnswer()), query: query(["name", "alias"]))),
        ("POST", "model-versions/create", C("Register a version from a source (MLflow).", 200, .json(mlflowVersionAnswer()),
                                           body: body(["name", "source"], optional: ["description": mlflowOptionalText, "tags": mlflowTags, "run_id": mlflowOptionalText]),
                                           example: ["name": "Birds", "source": "s3://models/birds/7"])),
        ("GET", "model-versions/get", C("A version (MLflow).", 200, .json(mlflowVersionAnswer()), query: query(["name", "version"]))),
        ("PATCH", "model-versions/update", C("Describe a version (MLflow).", 200, .json(mlflowVersionAnswer()),
                                            body: body(["name", "version"], optional: ["description": mlflowOptionalText]), example: ["name": "Birds", "version": "3", "description": "retrained"])),
        ("DELETE", "model-versions/delete", C("Delete a version (MLflow; admins).", 200, .json(mlflowEmpty),
                                             body: body(["name", "version"]), example: ["name": "Birds", "version": "3"])),
        ("GET", "model-versions/search", C("Search versions (MLflow's filter: name, version, run_id).", 200, .json(S.object(
            [:], optional: ["model_versions": S.list(S.ref("MLflowModelVersion")), "next_page_token": S.string])),
            query: query([], optional: paging))),
        ("POST", "model-versions/transition-stage", C("Move a version to a stage (MLflow; admins).", 200, .json(mlflowVersionAnswer()),
                                                     body: body(["name", "version", "stage"], optional: ["archive_existing_versions": ["anyOf": [S.boolean, S.string]]]),
                                                     example: ["name": "Birds", "version": "3", "stage": "Production", "archive_existing_versions": true])),
        ("POST", "model-versions/set-tag", C("Tag a version (MLflow).", 200, .json(mlflowEmpty),
                                            body: body(["name", "version", "key"], optional: ["value": mlflowOptionalText]),
                                            example: ["name": "Birds", "version": "3", "key": "reviewed", "value": "yes"])),
        ("DELETE", "model-versions/delete-tag", C("Remove a version's tag (MLflow).", 200, .json(mlflowEmpty),
                                                 body: body(["name", "version", "key"]), example: ["name": "Birds", "version": "3", "key": "reviewed"])),
        ("GET", "model-versions/get-download-uri", C("Where a version's files are (MLflow).", 200, .json(S.object(["artifact_uri": S.string])),
                                                    query: query(["name", "version"]))),
    ].map { method, path, contract in
        // Every MLflow call looks up a model (and a version) by name, except creating a model and searching.
        let looksUp = !["registered-models/create", "registered-models/search", "model-versions/search"].contains(path)
        return ("\(method) \(mlflowBase)/\(path)", looksUp ? contract.adding(404) : contract)
    })
}
