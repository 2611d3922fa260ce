// How the data team splits open images into batches: which images (filters, order, a cap), how
// many per batch, and who gets each batch in turn.
import Foundation

public struct BatchPlan: Sendable, Equatable {
    /// The order images are taken in: the labelling queue's rank (unscored last), or upload order.
    public enum Order: String, Sendable, CaseIterable {
        case rank
        case upload
    }

    /// Statuses an image may be batched in: the ones still to be labelled.
    public static let openStatuses: [ImageStatus] = [.new, .inProgress, .rejected]
    public static let maxImages = 100_000

    public var name: String
    /// Images per batch; nil: one batch per assignee (or one batch when nobody is named).
    public var size: Int?
    /// At most this many images in all; nil: every image that matches.
    public var limit: Int?
    public var order: Order
    public var statuses: [ImageStatus]
    /// Only images whose file name contains this (any case).
    public var fileNameContains: String?
    /// Only images the queue's model predicts as this label.
    public var predictedLabel: String?
    /// Usernames who get the batches in turn; empty: the batches go to nobody yet.
    public var assignees: [String]
    /// YYYY-MM-DD.
    public var dueOn: String?

    public init(name: String = "", size: Int? = nil, limit: Int? = nil, order: Order = .rank, statuses: [ImageStatus] = [.new],
                fileNameContains: String? = nil, predictedLabel: String? = nil, assignees: [String] = [], dueOn: String? = nil) {
        (self.name, self.size, self.limit, self.order, self.statuses) = (name, size, limit, order, statuses)
        (self.fileNameContains, self.predictedLabel, self.assignees, self.dueOn) = (fileNameContains, predictedLabel, assignees, dueOn)
    }

    /// The first rule the plan breaks, as (field, message); nil when it is sound.
    public func violation() -> (field: String, message: String)? {
        if name.count > 100 { return ("name", "A batch name has at most 100 characters.") }
        if let size, !(1...Self.maxImages).contains(size) { return ("size", "size is between 1 and \(Self.maxImages) images per batch.") }
        if let limit, !(1...Self.maxImages).contains(limit) { return ("limit", "limit is between 1 and \(Self.maxImages) images.") }
        if statuses.isEmpty || statuses.contains(where: { !Self.openStatuses.contains($0) }) {
            return ("statuses", "Batches take images still to be labelled: statuses are among new, in_progress and rejected.")
        }
        if let dueOn, !DueDay.isValid(dueOn) { return ("due_on", "due_on is a day as YYYY-MM-DD, such as 2026-12-24.") }
        if Set(assignees.map { $0.lowercased() }).count != assignees.count { return ("assignees", "Name each assignee once.") }
        if assignees.count > 500 { return ("assignees", "At most 500 assignees in one plan.") }
        return nil
    }

    /// One batch of the split: its name, its assignee (an index into `assignees`, nil for nobody), its images.
    public struct Part: Sendable, Equatable {
        public let name: String
        public let assignee: Int?
        public let imageIDs: [Int64]
    }

    /// Splits `imageIDs` (already filtered and in order) into batches, consecutive runs of `size`
    /// (or an even share per assignee), the assignees taking them in turn. `firstNumber` numbers
    /// the batches after the project's existing ones when no name is given.
    public func split(_ imageIDs: [Int64], firstNumber: Int = 1) -> [Part] {
        guard !imageIDs.isEmpty else { return [] }
        let people = max(assignees.count, 1)
        let perBatch = size ?? (imageIDs.count + people - 1) / people
        let chunks = stride(from: 0, to: imageIDs.count, by: perBatch).map { Array(imageIDs[$0..<min($0 + perBatch, imageIDs.count)]) }
        let base = name.trimmingCharacters(in: .whitespaces)
        return chunks.enumerated().map { index, chunk in
            let label = base.isEmpty ? "Batch \(firstNumber + index)" : chunks.count == 1 ? base : "\(base) \(index + 1)"
            return Part(name: label, assignee: assignees.isEmpty ? nil : index % assignees.count, imageIDs: chunk)
        }
    }
}
