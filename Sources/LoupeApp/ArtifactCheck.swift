// Reading a version's artifact before it may enter Production: hashed here, outside the database's
// write transaction, which then only compares digests and re-checks size and modification time.
import Domain
import FileStore
import Store

extension AppContext {
    /// The reading a move of `versionID` to `target` needs: nil unless it enters Production with a file.
    func artifactReading(versionID: Int64, movingTo target: ModelStage) throws -> ArtifactReading? {
        guard target == .production, let path = try database.modelVersion(id: versionID)?.artifactPath else { return nil }
        guard let fingerprint = try files.fingerprint(ofFileAt: path) else { return .missing }
        let files = self.files
        return ArtifactReading(sha256: fingerprint.sha256) { files.isUnchanged(path, since: fingerprint) }
    }

    /// The reading approving request `requestID` needs (none to reject it).
    func artifactReading(deciding requestID: Int64, approve: Bool) throws -> ArtifactReading? {
        guard approve, let pending = try database.transitionRequest(id: requestID) else { return nil }
        return try artifactReading(versionID: pending.versionId, movingTo: pending.toStage)
    }
}
