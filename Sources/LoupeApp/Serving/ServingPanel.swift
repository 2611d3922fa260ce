// The Serving section of a model's page: its endpoint and switch, the rollout under way (readings,
// events, and the admin's moves) or the form to start one, live traffic and drift (drawn by
// /js/model-serving.js from the API), batch predictions, and past rollouts.
import Domain
import Foundation
import Store
import Web

struct ServingPanel {
    let model: RegisteredModel
    let principal: Principal
    let target: ServingTarget?
    let rollouts: [Rollout]
    let events: [Int64: [RolloutEvent]]
    let verdict: Guardrails.Verdict?
    let versions: [ModelVersion]
    let projects: [Project]
    /// What a refused form sent, to fill it again.
    let draft: FormFields?

    var html: HTML {
        let csrf = PageLayout.csrfField(principal)
        let isAdmin = principal.has(.admin)
        let enabled = target?.enabled ?? true
        let answering: HTML = target?.stable.map { "answered by v\($0.version) (Production)" } ?? "<span class=\"warning\">no version in Production: nothing answers</span>"
        let endpoint = "/api/v1/serve/\(model.name)/predict"
        let switchForm: HTML = isAdmin ? """
            <form method="post" action="/admin/models/\(model.id)/deployment" class="inline" data-testid="switch">\(csrf)
              <input type="hidden" name="enabled" value="\(enabled ? "0" : "1")">
              <label>Reason <input name="reason" required maxlength="500" placeholder="\(enabled ? "why callers get 409 model_disabled" : "why it is back")"></label>
              <button class="\(enabled ? "danger" : "")">\(enabled ? "Switch off" : "Switch on")</button></form>
            """ : .empty
        let state: HTML = enabled ? "<strong class=\"ok-text\" id=\"serving-state\">On</strong>"
            : "<strong class=\"error-text\" id=\"serving-state\">Off</strong> <span class=\"muted\">(\(target?.deployment?.reason ?? ""))</span>"
        let active = rollouts.first { $0.state.isActive }
        return """
            <section id="serving" data-model="\(model.id)">
            <h2>Serving</h2>
            <p>\(state) · <code>POST \(endpoint)</code> · \(answering) ·
              aliases as <code>/api/v1/serve/\(model.name)@alias/predict</code></p>
            \(switchForm)
            <h3>Rollout</h3>
            \(active.map { rolloutSummary($0, csrf: csrf) } ?? startForm(csrf: csrf))
            <h3>Live traffic</h3>
            <p class="muted" id="usage-note">Loading the last hour of served requests…</p>
            <div id="live-split" class="split-bar" role="img" aria-label="Share of the last five minutes' requests per version"></div>
            <div class="charts">
              <figure><figcaption>Requests per minute, by version</figcaption><canvas id="usage-chart" class="chart" role="img"></canvas></figure>
              <figure><figcaption>Time to answer (last hour)</figcaption><canvas id="latency-chart" class="chart" role="img"></canvas></figure>
              <figure><figcaption>Answers by label (last hour)</figcaption><canvas id="answers-chart" class="chart" role="img"></canvas></figure>
            </div>
            <div class="table-scroll"><table id="usage-table">
              <thead><tr><th>Version</th><th>Arm</th><th>Requests</th><th>Errors</th><th>p50</th><th>p99</th><th>Mean confidence</th><th>Top answers</th><th>Callers</th></tr></thead>
              <tbody></tbody></table></div>
            <h3>Drift</h3>
            <p class="muted">Served images of the last hour against each version's validation data: PSI per feature
              (above 0.1 watch, above 0.25 drift), the KS test's p-value, and an MMD test on embeddings.</p>
            <p><span id="drift-summary" class="muted">Loading…</span> <button type="button" id="drift-refresh">Check now</button></p>
            <div class="table-scroll"><table id="drift-table">
              <thead><tr><th>Version</th><th>Verdict</th><th>Feature</th><th>PSI</th><th>KS p</th></tr></thead><tbody></tbody></table></div>
            \(batchForm(csrf: csrf))
            \(pastRollouts)
            </section>
            """
    }

    // MARK: - Rollouts

    private func rolloutSummary(_ rollout: Rollout, csrf: HTML) -> HTML {
        let steps = rollout.plan.steps.enumerated().map { index, share -> HTML in
            let text = "\(RolloutPlan.shareText(share)) %"
            return index == rollout.progress.step && rollout.state.servesCandidate ? "<strong>\(text)</strong>" : "\(text)"
        }
        let readings = (verdict?.readings ?? []).map { reading -> HTML in
            "<tr><td>\(reading.name.replacingOccurrences(of: "_", with: " "))</td><td class=\"\(reading.holds ? "ok-text" : "error-text")\">\(reading.holds ? "holds" : "fails")</td><td>\(reading.summary)</td></tr>"
        }
        let waiting: HTML = if case .waiting(let requests, let needed, _) = verdict {
            "<p class=\"muted\">\(requests) of the \(needed) requests this step needs before its guardrails are judged.</p>"
        } else { .empty }
        let eventItems = (events[rollout.id] ?? []).reversed().map { event -> HTML in
            "<li>\(PageLayout.time(event.at)) · \(event.username): \(event.kind.replacingOccurrences(of: "_", with: " "))\(event.detail.isEmpty ? "" : " — \(event.detail)")</li>"
        }
        let actions: [(String, String, Bool)] = switch rollout.state {
        case .requested: [("start", "Start", false), ("reject", "Reject", true)]
        case .running: [("pause", "Pause", false), ("finish", "Finish: promote now", false), ("rollback", "Roll back", true)]
        case .paused: [("resume", "Resume", false), ("finish", "Finish: promote now", false), ("rollback", "Roll back", true)]
        default: []
        }
        let forms: HTML = principal.has(.admin) ? HTML(joining: actions.map { action, label, danger -> HTML in
            """
            <form method="post" action="/admin/rollouts/\(rollout.id)/\(action)" class="inline" data-action="\(action)">\(csrf)
              <input type="hidden" name="reason" value=""><button class="\(danger ? "danger" : "")">\(label)</button></form>
            """
        }) : "<p class=\"muted\">An admin starts, pauses, rolls back or finishes rollouts.</p>"
        return """
            <div id="rollout" data-state="\(rollout.state.rawValue)">
            <p>Rollout #\(rollout.id): v\(rollout.candidateVersion) against Production, <strong>\(rollout.plan.mode.rawValue)</strong>,
              <span id="rollout-state">\(rollout.state.rawValue)</span>, candidate share <strong id="rollout-share">\(RolloutPlan.shareText(rollout.share)) %</strong>
              · steps \(HTML(joining: steps, separator: " → ")) · each held \(rollout.plan.dwellSeconds) s
              \(rollout.reason.isEmpty ? .empty : " · “\(rollout.reason)”")</p>
            \(waiting)
            \(readings.isEmpty ? .empty : "<table id=\"guardrails\"><thead><tr><th>Guardrail</th><th>Now</th><th>Reading</th></tr></thead><tbody>\(readings)</tbody></table>")
            <p>\(forms)</p>
            <details><summary>Events</summary><ul>\(eventItems)</ul></details>
            </div>
            """
    }

    private func startForm(csrf: HTML) -> HTML {
        let productionIDs = Set(versions.filter { $0.stage == .production }.map(\.id))
        let candidates = versions.filter { $0.framework == "loupe-tensor" && $0.artifactPath != nil && !productionIDs.contains($0.id) }
        guard target?.stable != nil, !candidates.isEmpty else {
            return "<p class=\"muted\">A rollout moves a new version in against the Production version: this model needs one in Production and another Loupe version to roll out.</p>"
        }
        let field = { (name: String, fallback: String) -> String in self.draft?[name] ?? fallback }
        let options = candidates.map { version -> HTML in
            "<option value=\"\(version.version)\"\(field("candidate_version", "") == String(version.version) ? " selected" : "")>v\(version.version) (\(version.stage.rawValue))</option>"
        }
        let modes = RolloutMode.allCases.map { mode -> HTML in
            let label = ["canary": "canary: a share of requests", "ab": "A/B: a share of callers, each always on one side", "shadow": "shadow: a copy of a share, stable answers"][mode.rawValue]!
            return "<option value=\"\(mode.rawValue)\"\(field("mode", "canary") == mode.rawValue ? " selected" : "")>\(label)</option>"
        }
        let verb = principal.has(.admin) ? "Start the rollout" : "Ask an admin to start it"
        return """
            <form method="post" action="/admin/models/\(model.id)/rollouts" class="stacked" id="rollout-form">\(csrf)
              <label>Candidate <select name="candidate_version" required>\(options)</select></label>
              <label>Mode <select name="mode">\(modes)</select></label>
              <label>Steps (candidate share in %, rising) <input name="steps" value="\(field("steps", "5, 25, 50, 100"))" required></label>
              <label>Hold each step for (seconds) <input name="dwell_seconds" type="number" min="1" value="\(field("dwell_seconds", "300"))" required></label>
              <fieldset><legend>Guardrails: a failed one rolls back at once</legend>
                <label>Most errors (%) <input name="max_error_rate" type="number" step="0.1" min="0" max="100" value="\(field("max_error_rate", "2"))"></label>
                <label>Slowest p99 (ms, empty: not checked) <input name="max_p99_ms" type="number" min="1" value="\(field("max_p99_ms", "2000"))"></label>
                <label>Lowest mean confidence (%, empty: not checked) <input name="min_mean_confidence" type="number" step="1" min="1" max="100" value="\(field("min_mean_confidence", ""))"></label>
                <label>Most disagreement with Production (%, empty: not checked) <input name="max_disagreement" type="number" step="1" min="1" max="100" value="\(field("max_disagreement", "30"))"></label>
                <label>Most drift PSI (empty: not checked) <input name="max_drift_psi" type="number" step="0.01" min="0.01" value="\(field("max_drift_psi", ""))"></label>
                <label>Requests a step needs before judging <input name="min_requests" type="number" min="1" value="\(field("min_requests", "30"))"></label>
              </fieldset>
              <label>Reason <input name="reason" maxlength="500" value="\(field("reason", ""))"\(principal.has(.admin) ? "" : " required")></label>
              <button>\(verb)</button>
            </form>
            """
    }

    private var pastRollouts: HTML {
        let ended = rollouts.filter { !$0.state.isActive }.prefix(10)
        guard !ended.isEmpty else { return .empty }
        let rows = ended.map { rollout -> HTML in
            "<tr><td>#\(rollout.id)</td><td>v\(rollout.candidateVersion)</td><td>\(rollout.plan.mode.rawValue)</td><td>\(rollout.state.rawValue.replacingOccurrences(of: "_", with: " "))</td><td>\(rollout.endReason)</td><td>\(PageLayout.time(rollout.endedAt))</td></tr>"
        }
        return """
            <h3>Past rollouts</h3>
            <table id="past-rollouts"><thead><tr><th>Rollout</th><th>Candidate</th><th>Mode</th><th>Ended</th><th>Why</th><th>When</th></tr></thead>
            <tbody>\(HTML(joining: Array(rows)))</tbody></table>
            """
    }

    // MARK: - Batch

    private func batchForm(csrf: HTML) -> HTML {
        guard target?.stable != nil, !projects.isEmpty else { return .empty }
        let options = projects.map { project -> HTML in "<option value=\"\(project.id)\">\(project.name)</option>" }
        return """
            <h3>Batch predictions</h3>
            <p class="muted">Runs the Production version over a project's images in the background and writes a CSV and a
              COCO results file to download from the job's page. Scripts can also send a zip of images to
              <code>POST /api/v1/projects/{id}/batch-predictions</code>.</p>
            <form method="post" action="/admin/models/\(model.id)/batch" class="inline">\(csrf)
              <label>Project <select name="project_id">\(options)</select></label>
              <label>Images <select name="status"><option value="">all</option><option value="accepted">accepted</option><option value="new">new</option></select></label>
              <button>Predict</button></form>
            """
    }
}
