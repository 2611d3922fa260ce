// Backup and restore of a PostgreSQL store with PostgreSQL's own tools (pg_dump's custom format).
import Foundation

enum PostgresDump {
    /// `pg_dump --format=custom` of the database at `url` into `file`, written beside it and renamed
    /// into place, so a failure never leaves half a file. A consistent snapshot while Loupe runs.
    static func dump(url: String, to file: String) throws {
        let target = URL(fileURLWithPath: file)
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
        try? FileManager.default.removeItem(at: partial)
        do {
            try run("pg_dump", ["--format=custom", "--no-owner", "--file=\(partial.path)", "--dbname=\(url)"])
            guard rename(partial.path, target.path) == 0 else {
                throw StoreError.cannotOpen(path: file, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }

    /// Restores a dump into the empty database at `url` in one transaction (all of it or nothing).
    static func restore(file: String, into url: String) throws {
        try run("pg_restore", ["--no-owner", "--exit-on-error", "--single-transaction", "--dbname=\(url)", file])
    }

    /// True when `file` starts as pg_dump's custom format does.
    static func isDump(_ file: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: file) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 5)) == Data("PGDMP".utf8)
    }

    /// The newest installed PostgreSQL's tool (Debian keeps them per version), else the one on PATH.
    private static func tool(_ name: String) -> String {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let path = "/usr/lib/postgresql/\(version)/bin/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return name
    }

    private static func run(_ name: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool(name)] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StoreError.invalid(field: "backup", message: "\(name) failed: \(PostgresURL.redactingPasswords(in: message))")
        }
    }
}
