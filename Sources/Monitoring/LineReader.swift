// One reporting process's connection, read in whatever pieces arrive and cut into whole lines.
import Glibc

struct LineReader {
    private var partial: [UInt8] = []
    /// No event line comes near this; a longer one is garbage and is skipped.
    static let longestLine = 16 << 10

    /// Reads what is waiting and hands over each complete line. False when the peer has closed.
    mutating func read(from fd: Int32, into handle: (Substring) -> Void) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return true }
            guard count > 0 else { return false }
            var start = 0
            for index in 0..<count where buffer[index] == UInt8(ascii: "\n") {
                partial += buffer[start..<index]
                handle(Substring(String(decoding: partial, as: UTF8.self)))
                partial.removeAll(keepingCapacity: true)
                start = index + 1
            }
            partial += buffer[start..<count]
            if partial.count > Self.longestLine { partial.removeAll() }
        }
    }
}
