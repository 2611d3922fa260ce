// A server-rendered SVG line chart of one metric across a model's versions (no script, no library).
import Foundation
import Web

enum MetricChart {
    /// `points`: (version number, value), oldest first. Every label is escaped.
    static func svg(metric: String, points: [(version: Int, value: Double)]) -> String {
        guard !points.isEmpty else { return "<p class=\"muted\">No version has \(HTML.escape(metric)).</p>" }
        let (width, height, pad) = (560.0, 180.0, 36.0)
        let low = min(0, points.map(\.value).min()!), high = max(points.map(\.value).max()!, low + 1e-9)
        let x = { (i: Int) in pad + (points.count == 1 ? (width - 2 * pad) / 2 : Double(i) * (width - 2 * pad) / Double(points.count - 1)) }
        let y = { (v: Double) in height - pad - (v - low) / (high - low) * (height - 2 * pad) }
        let path = points.enumerated().map { i, p in "\(i == 0 ? "M" : "L")\(String(format: "%.1f", x(i))),\(String(format: "%.1f", y(p.value)))" }.joined(separator: " ")
        let dots = points.enumerated().map { i, p in
            """
            <circle cx="\(String(format: "%.1f", x(i)))" cy="\(String(format: "%.1f", y(p.value)))" r="3.5"><title>v\(p.version): \(String(format: "%.4f", p.value))</title></circle>
            <text x="\(String(format: "%.1f", x(i)))" y="\(height - 12)" text-anchor="middle">v\(p.version)</text>
            """
        }.joined()
        return """
            <svg class="metric-chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(HTML.escape(metric)) by version">
              <line x1="\(pad)" y1="\(height - pad)" x2="\(width - pad)" y2="\(height - pad)" stroke="#bbb"/>
              <line x1="\(pad)" y1="\(pad)" x2="\(pad)" y2="\(height - pad)" stroke="#bbb"/>
              <text x="4" y="\(pad + 4)">\(String(format: "%.3g", high))</text>
              <text x="4" y="\(height - pad + 4)">\(String(format: "%.3g", low))</text>
              <path d="\(path)" fill="none" stroke="#2156c8" stroke-width="2"/>
              \(dots)
            </svg>
            """
    }
}
