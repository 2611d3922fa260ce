// What the access rules read: the caller's project membership and the resource a path names.
import Domain
import Foundation

/// The Gatekeeper's view of the store (Routing).
public protocol AccessStore: Sendable {
    /// The project if `user` may see it, with the role they hold in it as a member (nil for non-members).
    func visibleProjectMembership(id: Int64, for user: User) throws -> VisibleProject?
    func image(id: Int64) throws -> ImageRecord?
    func label(id: Int64) throws -> Label?
    func job(id: Int64) throws -> Job?
    func modelVersion(id: Int64) throws -> ModelVersion?
    func user(id: Int64) throws -> User?
    func apiToken(id: Int64) throws -> APIToken?
    func servingTarget(modelName: String, alias: String?) throws -> ServingTarget?
}

extension AppDatabase: AccessStore {}
