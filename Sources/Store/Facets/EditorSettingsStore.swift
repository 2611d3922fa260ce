// What a person set in the editor for a project, kept for their next image.
import Domain
import Foundation

public protocol EditorSettingsStore: Sendable {
    /// The person's adjustments for the project; the neutral ones until they change something.
    func imageAdjustments(userID: Int64, projectID: Int64) throws -> ImageAdjustments
    /// Keeps them, or refuses values out of range naming the field.
    func saveImageAdjustments(_ adjustments: ImageAdjustments, userID: Int64, projectID: Int64) throws -> ImageAdjustments
}

extension AppDatabase: EditorSettingsStore {}
