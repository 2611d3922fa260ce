// What an annotator did with a detector's box suggestions, recorded with the save that did it: a box
// carrying a suggestion's id accepts it (edited when the box differs), listed ids are rejected or
// opened again, and an accepted suggestion whose box was deleted counts as rejected.
import Domain
import Foundation

/// What a save says about suggestions, besides its shapes.
public struct SuggestionDecisions: Sendable, Equatable {
    /// Accepted tags by label, accepted boxes by position.
    public var origins: ShapeOrigins
    /// Suggestions rejected.
    public var rejected: [Int64]
    /// Suggestions open again (an accept or rejection undone).
    public var reopened: [Int64]

    public init(origins: ShapeOrigins = ShapeOrigins(), rejected: [Int64] = [], reopened: [Int64] = []) {
        self.origins = origins
        self.rejected = rejected
        self.reopened = reopened
    }
}

/// How far (image pixels) an accepted box may lie from its suggestion and still count as unchanged.
let unchangedTolerance = 0.5

extension AppDatabase {
    /// Checks every suggestion id the save names against the image's own suggestions, then records
    /// each suggestion's state. Returns suggestion id → version for the boxes accepted.
    static func decideSuggestions(_ db: StoreConnection, imageID: Int64, shapes: [Shape], decisions: SuggestionDecisions) throws -> [Int64: Int64] {
        let rows = try SQLRow.fetchAll(db, literal: "SELECT * FROM box_suggestions WHERE image_id = \(imageID)")
        guard !rows.isEmpty || !decisions.origins.boxSuggestions.isEmpty || !decisions.rejected.isEmpty || !decisions.reopened.isEmpty
        else { return [:] }
        let suggestions = Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as Int64, $0) })
        func check(_ id: Int64, field: String) throws {
            guard suggestions[id] != nil else {
                throw StoreError.invalid(field: field, message: "Suggestion \(id) is not one of this image's suggestions.")
            }
        }
        var accepted: [Int64: Shape] = [:]
        for (position, id) in decisions.origins.boxSuggestions.sorted(by: { $0.key < $1.key }) {
            try check(id, field: "shapes[\(position)].suggestion_id")
            guard accepted[id] == nil else {
                throw StoreError.invalid(field: "shapes[\(position)].suggestion_id", message: "Suggestion \(id) is accepted by two boxes.")
            }
            accepted[id] = shapes[position]
        }
        for id in decisions.rejected { try check(id, field: "rejected_suggestions") }
        for id in decisions.reopened { try check(id, field: "open_suggestions") }
        let rejected = Set(decisions.rejected), reopened = Set(decisions.reopened)
        let now = Date()
        for (id, row) in suggestions {
            let previous: String = row["state"]
            let (state, edited): (String, Bool)
            if let shape = accepted[id] {
                (state, edited) = ("accepted", !sameBox(shape, as: row))
            } else if rejected.contains(id) {
                (state, edited) = ("rejected", false)
            } else if reopened.contains(id) {
                (state, edited) = ("open", false)
            } else if previous == "accepted" {
                (state, edited) = ("rejected", false)  // its box was deleted
            } else {
                continue
            }
            let decidedAt: Date? = state == "open" ? nil : (state == previous ? row["decided_at"] : now)
            try db.execute(literal: """
                UPDATE box_suggestions SET state = \(state), edited = \(edited), decided_at = \(decidedAt) WHERE id = \(id)
                """)
        }
        // Imported suggestions have no version here; their accepted boxes record none.
        return Dictionary(uniqueKeysWithValues: accepted.keys.compactMap { id in (suggestions[id]!["model_version_id"] as Int64?).map { (id, $0) } })
    }

    /// The box as suggested: same label, every edge within the tolerance.
    static func sameBox(_ shape: Shape, as suggestion: SQLRow) -> Bool {
        guard case .box(let label, let x, let y, let w, let h, _) = shape, label == suggestion["label_id"] as Int64 else { return false }
        let suggested: [Double] = [suggestion["x"], suggestion["y"], suggestion["w"], suggestion["h"]]
        return zip([x, y, w, h], suggested).allSatisfy { abs($0 - $1) <= unchangedTolerance }
    }
}
