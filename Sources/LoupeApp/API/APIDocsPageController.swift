// GET /api/docs: the API's reference page, drawn by /js/api-docs.js from /api/v1/openapi.json.
import Web

struct APIDocsPageController: Sendable {
    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/docs", access: .anyone, options: .page, showDocsPage)
    }

    func showDocsPage(_ request: Request, _ context: PublicContext) throws -> Response {
        PageLayout.render(title: "API", scripts: ["/js/api-docs.js"], body: """
            <p id="intro" class="muted"></p>
            <p>The document itself: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). In the examples,
              <code>$LOUPE_TOKEN</code> is one of your API tokens (Account page).</p>
            <p><label>Search <input id="search" type="search" placeholder="e.g. rollouts post" autocomplete="off"></label>
              <span id="count" class="muted" role="status">Loading…</span> <kbd>/</kbd> <span class="muted">to search</span></p>
            <div id="operations"></div>
            """)
    }
}
