// A project's labels: listed in order, created, changed, reordered, deleted or merged.
import Domain
import Foundation

/// The label controller's view of the store.
public protocol LabelStore: Sendable {
    /// In the order the data team set (new labels last).
    func labels(projectID: Int64) throws -> [Label]
    func createLabel(projectID: Int64, name rawName: String, color: String, hotkey: String?, attributes: [AttributeSpec],
                     by who: Attribution) throws -> Label
    /// Changes what is given; `hotkey: .some(nil)` clears the hotkey. New `attributes` replace the
    /// label's, and values its shapes hold that no longer fit are dropped.
    func updateLabel(id: Int64, name: String?, color: String?, hotkey: String??, suggestionThreshold: Double?,
                     attributes: [AttributeSpec]?, by who: Attribution) throws -> Label
    /// Puts the project's labels in the given order; `labelIDs` must name each of them exactly once.
    func reorderLabels(projectID: Int64, labelIDs: [Int64], by who: Attribution) throws -> [Label]
    /// Deletes a label. While shapes use it this is refused, unless `reassignTo` names another label
    /// of the same project that takes them over (a tag already on an image is not doubled).
    func deleteLabel(id: Int64, reassignTo: Int64?, by who: Attribution) throws
}

extension AppDatabase: LabelStore {}
