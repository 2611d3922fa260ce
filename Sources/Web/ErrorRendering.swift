// Renders an HTTPError as JSON for API clients or as a small page for browsers.

public enum ErrorRendering {
    struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let field: String?

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(code, forKey: .code)
                try container.encode(message, forKey: .message)
                try container.encode(field, forKey: .field)  // explicit null keeps the shape fixed
            }

            enum CodingKeys: String, CodingKey { case code, message, field }
        }
        let error: Detail
        let extra: [String: Int]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: AnyKey.self)
            try container.encode(error, forKey: AnyKey("error"))
            for (key, value) in extra.sorted(by: { $0.key < $1.key }) { try container.encode(value, forKey: AnyKey(key)) }
        }
    }

    struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public static func response(for error: HTTPError, request: Request) -> Response {
        var response: Response
        if request.wantsHTML {
            response = .html(page(for: error), status: error.status)
        } else {
            let body = Body(error: .init(code: error.code, message: error.message, field: error.field), extra: error.extra)
            response = (try? Response.json(body, status: error.status))
                ?? Response(status: error.status, headers: [("Content-Type", "application/json")])
        }
        for (name, value) in error.headers.sorted(by: { $0.key < $1.key }) { response.setHeader(name, value) }
        return response
    }

    static func page(for error: HTTPError) -> HTML {
        HTML.page(title: HTTPStatus.reason(error.status), body: """
            <main class="narrow">
              <h1>\(HTTPStatus.reason(error.status))</h1>
              <p class="error" role="alert">\(error.message)</p>
              <p><a href="/">Back to Loupe</a></p>
            </main>
            """)
    }
}
