// Where a process keeps files: the same rule for the worker, trainer and CLI.
import Foundation

public enum ObjectStoreSetting {
    /// `--object-store`, else `LOUPE_OBJECT_STORE`, else nil: files stay under the data directory.
    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> S3Bucket? {
        let text = [option, environment["LOUPE_OBJECT_STORE"]].compactMap { $0 }.first { !$0.isEmpty }
        return try text.map { try S3Bucket(url: $0) }
    }

    /// Help text for the `--object-store` option.
    public static let optionHelp = "Keep files in an S3-compatible bucket: http://KEY:SECRET@host:port/bucket[?region=…] (env LOUPE_OBJECT_STORE). Default: under the data directory."
}
