// Password hashing with scrypt and a per-user random salt; the parameters travel inside the hash.
import Crypto
import CryptoExtras
import Foundation

/// Hashes look like `scrypt$15$8$1$<salt b64>$<key b64>` so the cost can be raised later
/// without invalidating existing hashes.
public struct PasswordHasher: Sendable {
    /// log2 of scrypt's N. 15 → 32 MiB and roughly 0.1 s per hash here.
    public let logN: Int
    public let blockSize: Int
    public let parallelism: Int

    public init(logN: Int = 15, blockSize: Int = 8, parallelism: Int = 1) {
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// The hasher the processes use: `LOUPE_SCRYPT_LOG_N` lowers the cost for test runs only.
    public static var configured: PasswordHasher {
        if let raw = ProcessInfo.processInfo.environment["LOUPE_SCRYPT_LOG_N"], let logN = Int(raw), (10...20).contains(logN) {
            return PasswordHasher(logN: logN)
        }
        return PasswordHasher()
    }

    public static let minimumLength = 8
    public static let maximumLength = 1024

    public func hash(_ password: String) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = rng.next() }
        let key = try derive(password, salt: salt, logN: logN, r: blockSize, p: parallelism)
        return ["scrypt", "\(logN)", "\(blockSize)", "\(parallelism)",
                Data(salt).base64EncodedString(), Data(key).base64EncodedString()].joined(separator: "$")
    }

    /// True when `password` matches `encoded`. Malformed hashes never match.
    public func verify(_ password: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt",
              let logN = Int(parts[1]), (1...24).contains(logN),
              let r = Int(parts[2]), let p = Int(parts[3]), r > 0, p > 0,
              let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]),
              let key = try? derive(password, salt: Array(salt), logN: logN, r: r, p: p)
        else { return false }
        return ConstantTime.equal(key, Array(expected))
    }

    private func derive(_ password: String, salt: [UInt8], logN: Int, r: Int, p: Int) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32,
            rounds: 1 << logN, blockSize: r, parallelism: p)
        return key.withUnsafeBytes { Array($0) }
    }
}
