// How many promotion requests wait for an admin: the top bar shows it.
import Domain
import Foundation

/// The page frame's and /me's view of the store.
public protocol PromotionInbox: Sendable {
    func pendingTransitionRequestCount() throws -> Int
}

extension AppDatabase: PromotionInbox {}
