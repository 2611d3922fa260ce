// The pieces the registry pages are built from: the metric chart, the stage and alias forms, the
// try-it form, request lists and the Models page's inbox.
import Domain
import Foundation
import Imaging
import Store
import Web

extension RegistryPagesController {

    /// A metric across versions, drawn by /js/metric-chart.js (the same chart code as a job's curves).
    func metricChart(_ metric: String, points: [(version: Int, value: Double)]) -> HTML {
        guard !points.isEmpty else { return "<p class=\"muted\">No version has \(MetricDisplay.name(metric)).</p>" }
        let json = "[" + points.sorted { $0.version < $1.version }.map { "[\($0.version),\($0.value.isFinite ? $0.value : 0)]" }
            .joined(separator: ",") + "]"
        return """
            <canvas class="metric-chart" data-metric="\(MetricDisplay.name(metric))" data-points="\(json)" \
            role="img" aria-label="\(MetricDisplay.name(metric)) by version"></canvas>
            """
    }

    /// Admins move the version and set aliases; the data team asks an admin to move it.
    /// `evidence` is the small-validation-set warning, repeated beside the move so nobody promotes it unwarned.
    func stageForms(_ principal: Principal, version: ModelVersion, draft: FormFields?, evidence: HTML) -> HTML {
        let targets = ModelStage.allCases.filter { version.stage.refusal(movingTo: $0) == nil }
        guard !targets.isEmpty else { return .empty }
        let csrf = PageLayout.csrfField(principal)
        let selected = draft?["stage"]
        let options = targets.map { target -> HTML in
            "<option value=\"\(target.rawValue)\"\(target.rawValue == selected ? " selected" : "")>\(target.rawValue)</option>"
        }
        let archiving = draft == nil || draft?["archive_existing"] == "1"
        let fields: HTML = """
            <label>To <select name="stage" required>\(options)</select></label>
            <label class="check"><input type="checkbox" name="archive_existing" value="1"\(archiving ? " checked" : "")>
              archive the versions already in that stage</label>
            <label>Reason <input name="reason" required maxlength="500" value="\(draft?["reason"] ?? "")"></label>
            """
        guard principal.has(.admin) else {
            return """
                <h2>Ask an admin to move it</h2>
                \(evidence)
                <form method="post" action="/admin/models/versions/\(version.id)/requests" class="stacked">\(csrf)
                \(fields)<button>Send request</button></form>
                """
        }
        return """
            <h2>Move to another stage</h2>
            \(evidence)
            <form method="post" action="/admin/models/versions/\(version.id)/stage" class="stacked">\(csrf)
            \(fields)<button>Move</button></form>
            <p class="muted">Before a version enters Production its artifact's sha256 is checked against the file on disk.</p>
            <h2>Alias</h2>
            <form method="post" action="/admin/models/versions/\(version.id)/alias" class="inline">\(csrf)
              <label>Alias <input name="alias" required maxlength="64" placeholder="champion" value="\(draft?["alias"] ?? "")"></label>
              <button>Point at this version</button></form>
            """
    }

    /// Upload an image and see what a Loupe-format version predicts.
    func tryForm(_ principal: Principal, version: ModelVersion, tried: (prediction: PredictionDTO, image: [UInt8])?) -> HTML {
        guard version.framework == "loupe-tensor" else {
            return "<h2>Try it</h2><p class=\"muted\">Loupe cannot run \(version.framework) models; only its own.</p>"
        }
        let results = tried.map { tried -> HTML in
            if let detections = tried.prediction.detections { return detectionResults(detections, tried.prediction, image: tried.image) }
            let rows = (tried.prediction.predictions ?? []).map { entry -> HTML in
                "<tr><td>\(entry.label)</td><td>\(String(format: "%.1f%%", entry.probability * 100))</td></tr>"
            }
            return "<table><thead><tr><th>Class</th><th>Probability</th></tr></thead><tbody>\(rows)</tbody></table>"
        } ?? .empty
        return """
            <h2>Try it</h2>
            <form method="post" action="/admin/models/versions/\(version.id)/try" enctype="multipart/form-data" class="inline">
              \(PageLayout.csrfField(principal))
              <label>Image <input type="file" name="image" accept="image/jpeg,image/png" required></label>
              <button>Predict</button>
            </form>
            \(results)
            """
    }

    /// A detector's boxes drawn over the uploaded image (an SVG: no script, no style attribute), and listed.
    func detectionResults(_ detections: [PredictionDTO.Detection], _ prediction: PredictionDTO, image: [UInt8]) -> HTML {
        let (width, height) = (prediction.imageWidth ?? 1, prediction.imageHeight ?? 1)
        let mime = ((try? ImageFormat.sniff(image)) ?? .jpeg).mimeType
        let source = "data:\(mime);base64,\(Data(image).base64EncodedString())"
        let stroke = max(2, max(width, height) / 300)
        let marks = detections.map { d -> HTML in
            let label = "\(d.label) \(Int((d.score * 100).rounded()))%"
            return """
                <rect x="\(d.bbox[0])" y="\(d.bbox[1])" width="\(d.bbox[2])" height="\(d.bbox[3])" fill="none" stroke="#ffd400" stroke-width="\(stroke)"/>\
                <text x="\(d.bbox[0])" y="\(max(d.bbox[1] - 4, 12))" fill="#ffd400" font-size="\(stroke * 7)">\(label)</text>

                """
        }
        let rows = detections.map { d -> HTML in
            "<tr><td>\(d.label)</td><td>\(String(format: "%.1f%%", d.score * 100))</td><td>\(d.bbox.map { String(format: "%.0f", $0) }.joined(separator: ", "))</td></tr>"
        }
        return """
            <svg class="detections" viewBox="0 0 \(width) \(height)" role="img" aria-label="\(detections.count) objects found">
            <image href="\(source)" width="\(width)" height="\(height)"/>
            \(marks)</svg>
            <table><thead><tr><th>Object</th><th>Score</th><th>Box (x, y, width, height)</th></tr></thead><tbody>\(rows)</tbody></table>
            \(detections.isEmpty ? "<p class=\"muted\">Nothing found above the score threshold.</p>" : .empty)
            """
    }

    func requestList(_ principal: Principal, _ requests: [TransitionRequest]) -> HTML {
        guard !requests.isEmpty else { return .empty }
        let csrf = PageLayout.csrfField(principal)
        let items = requests.map { r -> HTML in
            let archiving = r.archiveExisting ? " (archiving others)" : ""
            var item: HTML = """
                <li>#\(r.id) \(PageLayout.time(r.requestedAt)) · \(r.requestedByName) asks: → \(r.toStage.rawValue)\(archiving): \
                \(r.reason) — <strong>\(r.state.rawValue)</strong>
                """
            if let by = r.decidedByName {
                let comment = r.decisionComment ?? ""
                item += " by \(by)\(comment.isEmpty ? "" : ": \(comment)")"
            }
            if r.state == .pending && principal.has(.admin) { item += decisionForm(csrf: csrf, requestID: r.id) }
            return item + "</li>\n"
        }
        return "<h2>Requests</h2><ul>\(items)</ul>"
    }

    /// Approve and Reject, told apart by colour and wording as well as position.
    func decisionForm(csrf: HTML, requestID: Int64) -> HTML {
        """
        <form method="post" action="/admin/models/requests/\(requestID)" class="inline decision">\(csrf)
          <label>Comment <input name="comment" maxlength="500"></label>
          <button name="decision" value="approve" class="approve">✓ Approve</button>
          <button name="decision" value="reject" class="danger">✕ Reject</button>
        </form>
        """
    }

    /// The Models page's inbox: every request still waiting, with the decision form for admins.
    func pendingRequestsSection(_ principal: Principal) throws -> HTML {
        let pending = try store.pendingTransitionRequests()
        guard !pending.isEmpty else { return .empty }
        let csrf = PageLayout.csrfField(principal)
        let items = pending.map { p -> HTML in
            let r = p.request
            return """
                <li><a href="/admin/models/versions/\(r.versionId)">\(p.modelName) v\(p.versionNumber)</a>
                  → <strong>\(r.toStage.rawValue)</strong>\(r.archiveExisting ? " (archiving others)" : "")
                  · asked by \(r.requestedByName) \(PageLayout.time(r.requestedAt)): \(r.reason)
                  \(principal.has(.admin) ? decisionForm(csrf: csrf, requestID: r.id) : .empty)</li>

                """
        }
        let heading = principal.has(.admin) ? "Waiting for your decision" : "Waiting for an admin"
        return "<section class=\"inbox\"><h2>\(heading) (\(pending.count))</h2><ul>\(items)</ul></section>"
    }

    func tagList(_ tags: [String: String]) -> HTML {
        tags.isEmpty ? "—" : tags.sorted { $0.key < $1.key }
            .map { tag -> HTML in "<code>\(tag.key)</code> = \(tag.value)" }.joined(separator: ", ")
    }

    func versionList(_ numbers: [Int]) -> String {
        numbers.isEmpty ? "—" : numbers.map { "v\($0)" }.joined(separator: ", ")
    }

    /// The numeric entries of a stored metrics object.
    func metricValues(_ json: String) -> [String: Double] {
        guard case .object(let object) = JSONValue(text: json) else { return [:] }
        return object.compactMapValues { if case .number(let n) = $0 { n } else { nil } }
    }
}
