// The check a version passes before it enters Production: its artifact still has its recorded sha256.
// A version registered as an external reference has no file here, so there is nothing to check.
import FileStore
import Store
import Web

extension AppContext {
    func verifyArtifact(_ version: ModelVersion) throws {
        guard let path = version.artifactPath, let expected = version.artifactSHA256 else { return }
        guard let found = try files.sha256(ofFileAt: path) else {
            throw HTTPError(HTTPStatus.conflict, code: "artifact_missing",
                            message: "Version \(version.version)'s artifact file is missing from the server, so it cannot enter Production.",
                            field: "stage")
        }
        guard found == expected else {
            throw HTTPError(HTTPStatus.conflict, code: "artifact_mismatch",
                            message: "Version \(version.version)'s artifact no longer matches its sha256 (recorded \(expected.prefix(12))…, "
                                + "on disk \(found.prefix(12))…); it was changed after registration and cannot enter Production.",
                            field: "stage")
        }
    }
}
