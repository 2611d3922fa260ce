// The sha256 of bytes as they stream in, checked against the digest a content address carries.
import Crypto
import Foundation

final class ContentDigest {
    private var hasher = SHA256()
    private let relativePath: String
    /// The 64 hex digits of `…/<sha256>.<ext>`, when the name is a content address.
    private let expected: String?

    init(expecting relativePath: String) {
        self.relativePath = relativePath
        let stem = (relativePath as NSString).lastPathComponent.split(separator: ".").first.map(String.init) ?? ""
        expected = stem.count == 64 && stem.allSatisfy(\.isHexDigit) ? stem : nil
    }

    func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    var hex: String { hasher.finalize().hex }

    /// Throws `corrupt` when the bytes are not the ones the name promises.
    func check() throws {
        let actual = hex
        if let expected, expected != actual { throw FileStoreError.corrupt(path: relativePath, sha256: actual) }
    }
}
