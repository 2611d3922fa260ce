// Errors of the tensor module: model files that cannot be read.

public enum TensorError: Error, Equatable, CustomStringConvertible {
    case notAModelFile
    case unsupportedFormatVersion(UInt32)
    case truncated
    case checksumMismatch
    case badHeader(String)
    case weightCountMismatch(expected: Int, found: Int)
    /// The file holds a different kind of model than the caller runs (a detector where a classifier is wanted).
    case wrongModelKind(expected: String, found: String)

    public var description: String {
        switch self {
        case .notAModelFile: "not a Loupe model file (bad magic bytes)"
        case .unsupportedFormatVersion(let v): "model file format version \(v) is not supported (this build reads \(ModelFile.readableVersions.lowerBound)–\(ModelFile.readableVersions.upperBound))"
        case .truncated: "the model file is truncated"
        case .checksumMismatch: "the model file's checksum does not match its contents"
        case .badHeader(let why): "the model file's header is invalid: \(why)"
        case .weightCountMismatch(let expected, let found): "the architecture needs \(expected) weights but the file holds \(found)"
        case .wrongModelKind(let expected, let found): "this is a \(found) model, not a \(expected)"
        }
    }
}
