// A version's network, read from its file and ready to run: a classifier or a detector.
import FileStore
import Foundation
import Store
import Tensor
import Web

enum LoadedModel {
    case classifier(Classifier)
    case detector(Detector)

    /// Reads and builds a Loupe-format version's network; other frameworks and external references
    /// are refused (409 naming why).
    static func load(_ version: ServableVersion, files: ContentStore) throws -> (model: LoadedModel, bytes: Int) {
        if let refusal = version.refusal { throw HTTPError(HTTPStatus.conflict, code: "cannot_serve", message: refusal) }
        let data = try files.read(version.artifactPath!)
        let file = try ModelFile(decoding: data)
        // Weights, their gradients and the forward caches of one image: a network's resident cost.
        let bytes = data.count + file.weights.count * 4 * 2
        if file.header.architecture.kind == .detector { return (.detector(try Detector(file)), bytes) }
        return (.classifier(try Classifier(file)), bytes)
    }

    var labels: [String] {
        switch self {
        case .classifier(let classifier): classifier.labels
        case .detector(let detector): detector.labels
        }
    }
}
