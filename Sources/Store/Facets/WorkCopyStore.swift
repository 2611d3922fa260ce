// A person's own copy of an image they label apart (overlap, ground truth): what every route that
// shows or changes an image to its labeller consults first.
import Domain
import Foundation

public protocol WorkCopyStore: Sendable {
    /// The person's copy when they label the image apart, else nil (they share its shapes).
    func workCopy(imageID: Int64, userID: Int64) throws -> WorkCopy?
    func saveWorkCopy(imageID: Int64, userID: Int64, expectedRevision: Int, shapes: [Shape],
                      rules: ShapeValidation) throws -> (revision: Int, shapes: [Shape])
    func submitWorkCopy(imageID: Int64, userID: Int64, expectedRevision: Int?, by who: Attribution) throws -> WorkCopy
}

extension AppDatabase: WorkCopyStore {}
