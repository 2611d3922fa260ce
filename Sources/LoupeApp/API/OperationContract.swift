// What one API operation promises beyond its route and rule: a summary, what it takes (query
// parameters, a JSON body's shape and an example) and what it answers (its success statuses and
// shapes, and the error statuses it can give besides the common ones).

struct OperationContract {
    enum Answer {
        /// A JSON body with this shape.
        case json(JSONSchema)
        /// A file: the media types it may come as.
        case file([String])
        /// No body (204).
        case empty
        /// A stream of server-sent events.
        case events
    }

    struct Query {
        let name: String
        let schema: JSONSchema
        let description: String
        var required = false
    }

    var summary: String
    /// Success statuses and what each answers: most have one; an upload that may be a duplicate has two.
    var answers: [Int: Answer]
    var query: [Query] = []
    /// The JSON body's shape, if it takes one.
    var body: JSONSchema? = nil
    var bodyRequired = false
    /// Also takes a multipart form (when the route's own options do not say so).
    var multipart = false
    /// Takes one JPEG or PNG as the raw body.
    var image = false
    /// A write the store may refuse for the state it finds (409); false where nothing can conflict.
    var conflicts = true
    var example: [String: Any]? = nil
    /// Error statuses beyond those the document derives (400/422 with input, 404 with a path id, 401/403
    /// unless open, 409 on writes): 413 for uploads, 409 for a state a read depends on, …
    var errors: Set<Int> = []

    init(_ summary: String, _ status: Int = 200, _ answer: Answer, query: [Query] = [], body: JSONSchema? = nil,
         required: Bool = true, example: [String: Any]? = nil, multipart: Bool = false, image: Bool = false,
         conflicts: Bool = true, errors: Set<Int> = []) {
        self.summary = summary
        answers = [status: answer]
        self.query = query
        self.body = body
        bodyRequired = body != nil && required
        self.example = example
        self.multipart = multipart
        self.image = image
        self.conflicts = conflicts
        // A JSON-only body answers 415 to another type; an upload (413) reads whatever bytes come.
        self.errors = errors.union(body != nil && !errors.contains(413) ? [415] : [])
    }

    func adding(_ error: Int) -> OperationContract {
        var copy = self
        copy.errors.insert(error)
        return copy
    }

    func also(_ status: Int, _ answer: Answer) -> OperationContract {
        var copy = self
        copy.answers[status] = answer
        return copy
    }
}
