// What a process tells the master's tally: one event per datagram, as one tab-separated line.

/// Something worth counting that happened in a worker child or the trainer. Events travel as short
/// text lines so that a newer or older process on the same socket is read, or ignored, never misread.
public enum MetricEvent: Equatable, Sendable {
    /// A request answered: the matched route pattern (not the path, so label values stay few).
    case request(method: String, route: String, status: Int, seconds: Double)
    case upload(images: Int, bytes: Int)
    case thumbnails(count: Int)
    case export(format: String, seconds: Double)
    /// SQLite answered "busy" and the caller waited and tried again.
    case busyRetry(process: String)
    /// A trainer finished one epoch of `samples` samples.
    case epoch(samples: Int, seconds: Double)
    case jobFinished(kind: String, state: String)
    /// A served prediction: the model, version and arm (stable, candidate, shadow, alias) that made
    /// it, whether the model failed, its time, and its confidence if it had one.
    case served(model: String, version: Int, arm: String, failed: Bool, seconds: Double, confidence: Double?)
    /// Events a process could not send (the master was not reading fast enough, or not running).
    case dropped(count: Int)

    public var line: String {
        switch self {
        case .request(let method, let route, let status, let seconds):
            return join("request", method, route, String(status), Self.microseconds(seconds))
        case .upload(let images, let bytes): return join("upload", String(images), String(bytes))
        case .thumbnails(let count): return join("thumbnails", String(count))
        case .export(let format, let seconds): return join("export", format, Self.microseconds(seconds))
        case .busyRetry(let process): return join("busy", process)
        case .epoch(let samples, let seconds): return join("epoch", String(samples), Self.microseconds(seconds))
        case .jobFinished(let kind, let state): return join("job", kind, state)
        case .dropped(let count): return join("dropped", String(count))
        case .served(let model, let version, let arm, let failed, let seconds, let confidence):
            return join("served", model, String(version), arm, failed ? "error" : "ok", Self.microseconds(seconds),
                        confidence.map { String(Int(($0 * 1000).rounded())) } ?? "-")
        }
    }

    /// The event a line describes, or nil for a line this version does not know.
    public init?(line: Substring) {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard let kind = fields.first else { return nil }
        let values = Array(fields.dropFirst())
        func count(_ text: String) -> Int? { Int(text).flatMap { $0 >= 0 ? $0 : nil } }
        func seconds(_ text: String) -> Double? { count(text).map { Double($0) / 1e6 } }
        switch (kind, values.count) {
        case ("request", 4):
            guard let status = Int(values[2]), (100...599).contains(status), let time = seconds(values[3]) else { return nil }
            self = .request(method: values[0], route: values[1], status: status, seconds: time)
        case ("upload", 2):
            guard let images = count(values[0]), let bytes = count(values[1]) else { return nil }
            self = .upload(images: images, bytes: bytes)
        case ("thumbnails", 1):
            guard let made = count(values[0]) else { return nil }
            self = .thumbnails(count: made)
        case ("export", 2):
            guard let time = seconds(values[1]) else { return nil }
            self = .export(format: values[0], seconds: time)
        case ("busy", 1): self = .busyRetry(process: values[0])
        case ("epoch", 2):
            guard let samples = count(values[0]), let time = seconds(values[1]) else { return nil }
            self = .epoch(samples: samples, seconds: time)
        case ("job", 2): self = .jobFinished(kind: values[0], state: values[1])
        case ("served", 6):
            guard let version = count(values[1]), ["ok", "error"].contains(values[3]), let time = seconds(values[4]) else { return nil }
            let confidence = values[5] == "-" ? nil : count(values[5]).map { Double(min($0, 1000)) / 1000 }
            if values[5] != "-" && confidence == nil { return nil }
            self = .served(model: values[0], version: version, arm: values[2], failed: values[3] == "error", seconds: time, confidence: confidence)
        case ("dropped", 1):
            guard let dropped = count(values[0]) else { return nil }
            self = .dropped(count: dropped)
        default: return nil
        }
    }

    /// Times travel as whole microseconds: formatting an integer is far cheaper than a Double.
    static func microseconds(_ seconds: Double) -> String {
        seconds.isFinite && seconds > 0 ? String(Int((seconds * 1e6).rounded())) : "0"
    }

    /// Tabs and newlines would split a field; label values never need them. (Checked by byte: this
    /// runs for every request, and `replacing` costs microseconds.)
    private func join(_ fields: String...) -> String {
        var line = ""
        line.reserveCapacity(96)
        for (index, field) in fields.enumerated() {
            if index > 0 { line.append("\t") }
            if field.utf8.contains(where: { $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") }) {
                line.append(String(field.map { $0 == "\t" || $0 == "\n" ? " " : $0 }))
            } else {
                line.append(field)
            }
        }
        return line
    }
}
