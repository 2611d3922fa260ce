// The errors the store reports; the web layer maps the ones a client caused to 4xx.
import Domain

public enum StoreError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case schemaTooNew(path: String)
    /// A unique value is taken: `field` names it (`username`).
    case duplicate(field: String, value: String)
    case notFound(entity: String)
    /// The change would leave no enabled admin, locking everyone out of administration.
    case lastAdmin
    /// Something still refers to the entity (shapes using a label, say).
    case inUse(entity: String, count: Int)
    /// The client saved on top of an older revision than the current one.
    case staleRevision(current: Int)
    /// The image's review status does not allow the action (`action` in the past tense).
    case wrongStatus(current: ImageStatus, action: String)
    /// A value breaks a rule of the domain; `message` says which.
    case invalid(field: String, message: String)
    /// A stored value that the schema should have made impossible.
    case corrupt(String)
    /// The database server cannot be reached (restarting, down, unreachable): try again shortly.
    case unavailable(String)
    /// SQLite could not write: the disk (or the data dir's filesystem) is full. Nothing was changed.
    case diskFull
    /// A version cannot enter Production: its artifact file is gone from the server.
    case artifactMissing(version: Int)
    /// A version cannot enter Production: its artifact no longer has the sha256 recorded at registration.
    case artifactMismatch(version: Int, recorded: String, found: String)
    /// The artifact changed between its hashing and the move; nothing moved, and trying again re-reads it.
    case artifactChanged(version: Int)
    /// The request is sound but the registry's state refuses it (a second rollout, a version that
    /// cannot be served): `code` for scripts, `message` for people.
    case conflict(code: String, message: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open database \(path): \(reason)"
        case .schemaTooNew(let path): "database \(path) was migrated by a newer Loupe; upgrade this binary"
        case .duplicate(let field, let value): "\(field) '\(value)' is already taken"
        case .notFound(let entity): "no such \(entity)"
        case .lastAdmin: "this would leave Loupe without an enabled admin"
        case .invalid(_, let message): message
        case .inUse(let entity, let count): "the \(entity) is used by \(count) shape\(count == 1 ? "" : "s")"
        case .staleRevision(let current): "someone saved this image since you loaded it (now at revision \(current))"
        case .wrongStatus(let current, let action): "an image that is \(current.phrase) cannot be \(action)"
        case .corrupt(let detail): "the database holds an impossible value: \(detail)"
        case .diskFull: "the server's disk is full; nothing was saved"
        case .unavailable(let reason): "the database is unavailable: \(reason)"
        case .artifactMissing(let version): "version \(version)'s artifact file is missing from the server, so it cannot enter Production"
        case .artifactMismatch(let version, let recorded, let found):
            "version \(version)'s artifact no longer matches its sha256 (recorded \(recorded.prefix(12))…, on disk \(found.prefix(12))…); "
                + "it was changed after registration and cannot enter Production"
        case .conflict(_, let message): message
        case .artifactChanged(let version): "version \(version)'s artifact changed while it was being checked; try again"
        }
    }
}
