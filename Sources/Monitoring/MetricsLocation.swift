// Where the master's metrics socket and text file live: beside the worker socket, in <data>/run/.
import Foundation

public struct MetricsLocation: Sendable, Equatable {
    /// Processes send `MetricEvent`s here; the master reads them.
    public let socketPath: String
    /// The master's tally in the text format; worker children serve it at `/metrics`.
    public let expositionPath: String
    public let dataDirectory: URL

    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
        let run = dataDirectory.appendingPathComponent("run")
        socketPath = run.appendingPathComponent("metrics.sock").path
        expositionPath = run.appendingPathComponent("metrics.prom").path
    }
}
