// A registered version's model file, loaded for a job: any failure says which version it was.
import FileStore
import Foundation
import Store
import Tensor

extension ContentStore {
    /// The version's file, made into a network by `make` (a Classifier or a Detector).
    func loadModel<Model>(of version: ModelVersion, path: String, _ make: (ModelFile) throws -> Model) throws -> Model {
        do {
            return try make(ModelFile(decoding: try read(path)))
        } catch {
            throw TrainingError.unusableDataset("\(version.modelName) v\(version.version)'s model file cannot be used: \(error)")
        }
    }
}
