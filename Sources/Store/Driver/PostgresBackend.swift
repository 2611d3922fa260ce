// The server store: PostgreSQL through libpq. Connections are kept per process (one per thread
// that uses the store at once); writes run SERIALIZABLE and are run again after a collision.
import Foundation
import Synchronization

final class PostgresBackend: StoreBackend {
    let url: String
    private let idle = Mutex<[PostgresConnection]>([])
    /// A write that collides with another (serialization failure, deadlock) is run again this many
    /// times in all, after a short random pause that grows.
    static let writeAttempts = 12

    /// Connects once to prove the URL, the password and the database are right.
    init(url: String) throws {
        self.url = url
        let first = try PostgresConnection(url: url)
        idle.withLock { $0.append(first) }
    }

    var dialect: SQLDialect { .postgres }

    func read<T>(_ body: (StoreConnection) throws -> T) throws -> T {
        try withConnection { connection in
            try connection.transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { try body(connection) }
        }
    }

    /// SERIALIZABLE makes the read-then-write paths (taking the next image, numbering versions, the
    /// last-admin check) as safe as SQLite's single writer made them: a transaction that would see
    /// a world another changed under it fails, and runs again on the new world.
    func write<T>(isolation: WriteIsolation, _ body: (StoreConnection) throws -> T) throws -> T {
        let begin = switch isolation {
        case .serializable: "BEGIN ISOLATION LEVEL SERIALIZABLE"
        case .readCommitted: "BEGIN ISOLATION LEVEL READ COMMITTED"
        }
        var attempt = 1
        while true {
            do {
                return try withConnection { connection in
                    try connection.transaction(begin: begin) { try body(connection) }
                }
            } catch SQLFailure.retryableConflict(let message) {
                guard attempt < Self.writeAttempts else { throw SQLFailure.retryableConflict(message) }
                usleep(UInt32.random(in: 1_000...(2_000 << min(attempt, 6))))
                attempt += 1
            }
        }
    }

    func lookup<T>(_ body: (StoreConnection) throws -> T) throws -> T {
        try withConnection { connection in try body(connection) }
    }

    /// The channel a queued job is announced on.
    static let jobChannel = "loupe_jobs"
    /// A connection of its own that LISTENs on `jobChannel` (opened at the first wait).
    private let listener = Mutex<PostgresConnection?>(nil)

    /// True when a notification arrived within `timeout` seconds. A lost listening connection is
    /// dropped and the wait simply times out (the trainer's poll still finds the job).
    func waitForNotification(timeout: TimeInterval) -> Bool {
        listener.withLock { listener in
            do {
                if listener == nil {
                    let connection = try PostgresConnection(url: url)
                    try connection.execute(sql: "LISTEN \(Self.jobChannel)")
                    listener = connection
                }
                return try listener!.awaitNotification(timeout: timeout)
            } catch {
                listener = nil
                Thread.sleep(forTimeInterval: timeout)
                return false
            }
        }
    }

    /// Disconnects the connections nobody is using (the next caller connects afresh).
    func closeIdleConnections() {
        idle.withLock { $0.removeAll() }
    }

    /// An idle connection, or a new one; a connection the server dropped is not put back, so the
    /// next caller connects afresh (and gets `unavailable` while the server is down).
    private func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try idle.withLock { $0.popLast() } ?? PostgresConnection(url: url)
        defer { if connection.isUsable { idle.withLock { $0.append(connection) } } }
        return try body(connection)
    }
}

extension PostgresConnection {
    /// `body` inside BEGIN … COMMIT; any error rolls back. A COMMIT can itself fail (a serialization
    /// failure is often only found then).
    func transaction<T>(begin: String, _ body: () throws -> T) throws -> T {
        try execute(sql: begin)
        do {
            let value = try body()
            try execute(sql: "COMMIT")
            return value
        } catch {
            if isUsable { try? execute(sql: "ROLLBACK") }
            throw error
        }
    }
}
