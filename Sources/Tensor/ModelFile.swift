// Loupe's model file: magic, format version, a JSON header (architecture, labels, normalisation),
// the weights as little-endian Float32, and a CRC-32 of everything before it.
//
//   "LOUPEMDL" | u32 version | u32 header length | header JSON | u64 weight count | f32 × count | u32 crc32
import Foundation

public struct ModelFile: Sendable, Equatable {
    /// 2: architectures may be detectors (`outputStride`); version 1 files (classifiers) still load.
    public static let formatVersion: UInt32 = 2
    static let readableVersions: ClosedRange<UInt32> = 1...2
    static let magic = Array("LOUPEMDL".utf8)

    public struct Header: Codable, Sendable, Equatable {
        public var architecture: Architecture
        public var labels: [String]
        public var normalization: Normalization

        public init(architecture: Architecture, labels: [String], normalization: Normalization) {
            self.architecture = architecture
            self.labels = labels
            self.normalization = normalization
        }
    }

    public var header: Header
    public var weights: [Float]

    public init(header: Header, weights: [Float]) {
        self.header = header
        self.weights = weights
    }

    /// The file for a trained network.
    public init(network: Network, labels: [String], normalization: Normalization) {
        self.init(header: Header(architecture: network.architecture, labels: labels, normalization: normalization),
                  weights: network.parameters.valueArray)
    }

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let headerBytes = Array((try? encoder.encode(header)) ?? Data())
        var bytes = Self.magic
        bytes.reserveCapacity(32 + headerBytes.count + weights.count * 4)
        append(Self.formatVersion, to: &bytes)
        append(UInt32(headerBytes.count), to: &bytes)
        bytes += headerBytes
        append(UInt64(weights.count), to: &bytes)
        for weight in weights { append(weight.bitPattern, to: &bytes) }
        append(bytes.withUnsafeBytes(CRC32.checksum), to: &bytes)
        return bytes
    }

    public init(decoding bytes: [UInt8]) throws(TensorError) {
        guard bytes.count >= Self.magic.count + 4, Array(bytes.prefix(Self.magic.count)) == Self.magic else {
            throw .notAModelFile
        }
        var reader = ByteReader(bytes: bytes, position: Self.magic.count)
        let version: UInt32 = try reader.read()
        guard Self.readableVersions.contains(version) else { throw .unsupportedFormatVersion(version) }
        let headerLength = Int(try reader.read() as UInt32)
        let headerBytes = try reader.take(headerLength)
        let count = try reader.read() as UInt64
        guard count <= UInt64(bytes.count / 4) else { throw .truncated }
        var weights = [Float]()
        weights.reserveCapacity(Int(count))
        for _ in 0..<count { weights.append(Float(bitPattern: try reader.read())) }
        let expectedChecksum = bytes[0..<reader.position].withUnsafeBytes(CRC32.checksum)
        guard try reader.read() as UInt32 == expectedChecksum else { throw .checksumMismatch }
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(headerBytes))
        } catch {
            throw .badHeader(String(describing: error))
        }
        let problems = header.architecture.validationProblems()
        guard problems.isEmpty else { throw .badHeader(problems.joined(separator: "; ")) }
        guard header.labels.count == header.architecture.classes else {
            throw .badHeader("\(header.labels.count) labels for \(header.architecture.classes) classes")
        }
        self.weights = weights
    }

    /// The network with these weights.
    public func makeNetwork() throws(TensorError) -> Network {
        let network = Network(architecture: header.architecture, seed: 0)
        guard network.parameterCount == weights.count else {
            throw .weightCountMismatch(expected: network.parameterCount, found: weights.count)
        }
        network.parameters.load(weights)
        return network
    }

    private func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
}

/// Reads little-endian integers from a byte array, failing with `.truncated` at the end.
private struct ByteReader {
    let bytes: [UInt8]
    var position: Int

    mutating func read<T: FixedWidthInteger>() throws(TensorError) -> T {
        let size = MemoryLayout<T>.size
        guard position + size <= bytes.count else { throw .truncated }
        var value: T = 0
        for i in 0..<size { value |= T(bytes[position + i]) << (8 * i) }
        position += size
        return value
    }

    mutating func take(_ count: Int) throws(TensorError) -> ArraySlice<UInt8> {
        guard count >= 0, position + count <= bytes.count else { throw .truncated }
        defer { position += count }
        return bytes[position..<(position + count)]
    }
}
