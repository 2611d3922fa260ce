// What a person set in the editor for a project (image adjustments), kept across images and browsers.
import Domain
import Foundation

extension AppDatabase {
    /// The person's adjustments for the project; the neutral ones until they change something.
    public func imageAdjustments(userID: Int64, projectID: Int64) throws -> ImageAdjustments {
        try lookup { db in
            guard let text = try String.fetchOne(db, literal: """
                SELECT settings FROM editor_settings WHERE user_id = \(userID) AND project_id = \(projectID)
                """) else { return ImageAdjustments() }
            return (try? JSONDecoder().decode(ImageAdjustments.self, from: Data(text.utf8))) ?? ImageAdjustments()
        }
    }

    /// Keeps the person's adjustments for the project, or refuses values out of range naming the field.
    public func saveImageAdjustments(_ adjustments: ImageAdjustments, userID: Int64, projectID: Int64) throws -> ImageAdjustments {
        if let problem = adjustments.problem { throw StoreError.invalid(field: problem.field, message: problem.message) }
        let text = String(decoding: try JSONEncoder().encode(adjustments), as: UTF8.self)
        try write { db in
            try db.execute(literal: """
                INSERT INTO editor_settings (user_id, project_id, settings, updated_at) VALUES (\(userID), \(projectID), \(text), \(Date()))
                ON CONFLICT (user_id, project_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at
                """)
        }
        return adjustments
    }
}
