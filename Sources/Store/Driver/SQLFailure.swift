// Database failures the store's code reacts to, named the same whichever backend raised them.
import Foundation

enum SQLFailure: Error, CustomStringConvertible {
    /// A UNIQUE constraint refused the row.
    case uniqueViolation(String)
    /// Two transactions collided (PostgreSQL's serialization failure or deadlock): run it again.
    case retryableConflict(String)

    var description: String {
        switch self {
        case .uniqueViolation(let message): "unique constraint: \(message)"
        case .retryableConflict(let message): "transaction conflict: \(message)"
        }
    }
}
