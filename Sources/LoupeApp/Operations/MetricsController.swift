// GET /metrics: the master's tally of every process's events, plus what the store says at scrape time.
import Foundation
import Monitoring
import Store
import Web

struct MetricsController: Sendable {
    let store: any MonitoringStore
    let location: MetricsLocation

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/metrics", access: .loopback, exposeMetrics)
    }

    /// Prometheus text (0.0.4). Loopback only (the route's rule, and nginx's): the numbers describe
    /// the deployment (routes, volumes, jobs), which is nobody's business outside the machine.
    func exposeMetrics(_ request: Request, _ context: PublicContext) throws -> Response {
        var body: [UInt8]
        if let tally = FileManager.default.contents(atPath: location.expositionPath) {
            body = Array(tally)
        } else {
            body = Array("# The worker master has not written its tally yet (\(location.expositionPath)).\n".utf8)
        }
        body += StoreGauges(try store.monitoringCounts(now: Date())).exposition()
        body += ProcessGauges(dataDirectory: location.dataDirectory).exposition()
        return Response(status: HTTPStatus.ok,
                        headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8"), ("Cache-Control", "no-store")],
                        body: body)
    }
}
