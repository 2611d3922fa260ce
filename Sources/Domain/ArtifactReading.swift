// A model artifact as read before a stage move: hashed outside any database transaction, with a
// cheap check (size and modification time) that the write transaction runs to see it is still so.

public struct ArtifactReading: Sendable {
    /// The file's sha256 when it was read; nil when there was no file.
    public let sha256: String?
    /// True while the file is as it was when hashed; must be cheap (it runs inside the transaction).
    public let isUnchanged: @Sendable () -> Bool

    public init(sha256: String?, isUnchanged: @escaping @Sendable () -> Bool) {
        self.sha256 = sha256
        self.isUnchanged = isUnchanged
    }

    public static let missing = ArtifactReading(sha256: nil) { true }
}
