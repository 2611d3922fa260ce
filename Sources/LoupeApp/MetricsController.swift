// GET /metrics: the master's tally of every process's events, plus what the store says at scrape time.
import Foundation
import Monitoring
import Store
import Web

extension AppContext {
    /// Prometheus text (0.0.4). Loopback only, here as well as in nginx: the numbers describe the
    /// deployment (routes, volumes, jobs), which is nobody's business outside the machine.
    func exposeMetrics(_ request: Request, _ context: PublicContext) throws -> Response {
        guard Self.isLoopback(request.remoteAddress) else {
            throw HTTPError.forbidden("Metrics are served to this machine only (scrape through 127.0.0.1).")
        }
        var body: [UInt8]
        if let tally = FileManager.default.contents(atPath: metricsLocation.expositionPath) {
            body = Array(tally)
        } else {
            body = Array("# The worker master has not written its tally yet (\(metricsLocation.expositionPath)).\n".utf8)
        }
        body += StoreGauges(try database.monitoringCounts()).exposition()
        return Response(status: HTTPStatus.ok,
                        headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8"), ("Cache-Control", "no-store")],
                        body: body)
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }
}
