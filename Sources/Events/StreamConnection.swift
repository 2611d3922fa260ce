// One client connection of the event process: its request head, then the events owed to it.

/// Bytes in and out for one socket; the server decides what to send.
final class StreamConnection {
    let fd: Int32
    let opened: ContinuousClock.Instant
    /// The request head as it arrives.
    var inbound: [UInt8] = []
    /// Bytes not yet taken by the socket.
    var outbound: [UInt8] = []
    /// Set once access was granted: the job followed, the last epoch row sent, the last state sent.
    var jobID: Int64?
    var sentRows = 0
    var lastState = ""
    var lastWrite: ContinuousClock.Instant
    /// Close as soon as `outbound` is flushed (an error answer, or the job's end).
    var closing = false

    init(fd: Int32, now: ContinuousClock.Instant) {
        self.fd = fd
        opened = now
        lastWrite = now
    }

    func queue(_ text: String) {
        outbound.append(contentsOf: text.utf8)
    }
}
