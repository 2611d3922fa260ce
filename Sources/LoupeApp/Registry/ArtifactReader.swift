// Reading a version's artifact before it may enter Production: hashed here, outside the database's
// write transaction, which then only compares digests and re-checks size and modification time.
import Domain
import FileStore
import Store

struct ArtifactReader: Sendable {
    let store: any RegistryStore
    let files: ContentStore

    /// The reading a move of `versionID` to `target` needs: nil unless it enters Production with a file.
    func reading(versionID: Int64, movingTo target: ModelStage) throws -> ArtifactReading? {
        guard target == .production, let path = try store.modelVersion(id: versionID)?.artifactPath else { return nil }
        guard let fingerprint = try files.fingerprint(ofFileAt: path) else { return .missing }
        return ArtifactReading(sha256: fingerprint.sha256) { files.isUnchanged(path, since: fingerprint) }
    }

    /// The reading approving request `requestID` needs (none to reject it).
    func reading(deciding requestID: Int64, approve: Bool) throws -> ArtifactReading? {
        guard approve, let pending = try store.transitionRequest(id: requestID) else { return nil }
        return try reading(versionID: pending.versionId, movingTo: pending.toStage)
    }
}
