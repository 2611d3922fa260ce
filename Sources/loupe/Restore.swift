// `loupe restore BACKUP --data-dir NEW --files-from OLD`: a backup made by `loupe backup` becomes
// a new data directory, checked before it is put in place.
import ArgumentParser
import FileStore
import Foundation
import Store

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a data directory from a backup: check it, copy the files its rows name, verify their sha256.")
    @OptionGroup var options: DataDirOptions
    @Argument(help: "A database copy made by `loupe backup`.") var backup: String
    @Option(help: "The data directory the files (images, thumbnails, models) are copied from. Not with --object-store: the bucket's files are checked where they are.")
    var filesFrom: String?

    func run() throws {
        if StoreLocation.isPostgres(options.databasePath) { return try restoreIntoPostgres() }
        guard !AppDatabase.isPostgresBackup(backup) else {
            throw ValidationError("\(backup) is a PostgreSQL backup (pg_dump); restore it into an empty PostgreSQL database with --database postgresql://….")
        }
        let target = URL(fileURLWithPath: options.databasePath)
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw ValidationError("\(target.path) already exists; restore into a new, empty data directory.")
        }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        // The backup itself is never opened (opening switches it to WAL); a copy is checked, then renamed into place.
        let partial = target.deletingLastPathComponent().appendingPathComponent(".loupe.sqlite.restoring")
        try? FileManager.default.removeItem(at: partial)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: backup), to: partial)
        let copied: Int, verified: Int
        do {
            (copied, verified) = try check(partial.path)
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial.path + suffix) }
            throw error
        }
        // The checked copy's connections are closed (SQLite folded its WAL in): move it into place.
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: partial.path + suffix) {
            _ = rename(partial.path + suffix, target.path + suffix)
        }
        guard rename(partial.path, target.path) == 0 else {
            throw ValidationError("cannot move the restored database into place: \(String(cString: strerror(errno)))")
        }
        print("Restored \(backup) into \(options.dataDir): integrity ok, \(copied) files copied, \(verified) checked against their sha256.")
    }

    /// pg_restore into the empty database named by --database (one transaction), then the same checks
    /// and file copies as a SQLite restore; if those fail the database is emptied again.
    private func restoreIntoPostgres() throws {
        guard AppDatabase.isPostgresBackup(backup) else {
            throw ValidationError("\(backup) is not a PostgreSQL backup; a SQLite backup restores into a data directory without --database.")
        }
        let url = options.databasePath
        try AppDatabase.restorePostgresBackup(backup, into: url)
        do {
            let (copied, verified) = try check(url)
            print("Restored \(backup) into \(StoreLocation.redacted(url)): schema ok, \(copied) files copied, \(verified) checked against their sha256.")
        } catch {
            try? AppDatabase.emptyPostgresDatabase(url)
            throw error
        }
    }

    /// Opens the copy (migrating an older backup), runs the integrity check and brings its files
    /// over; the database is closed again when this returns.
    private func check(_ path: String) throws -> (copied: Int, verified: Int) {
        let database = try AppDatabase.openShared(path: path)
        let integrity = try database.integrityCheck()
        guard integrity == "ok" else { throw ValidationError("The backup fails the integrity check: \(integrity)") }
        let (copied, verified, problems) = try copyFiles(named: try database.referencedFiles())
        guard problems.isEmpty else {
            throw ValidationError("Not restored; \(problems.count) file(s) are missing or damaged, e.g.:\n"
                                  + problems.prefix(5).joined(separator: "\n"))
        }
        return (copied, verified)
    }

    /// Copies each named file from the old data directory unless it is already here, then checks
    /// the ones whose rows keep a sha256.
    private func copyFiles(named files: [ReferencedFile]) throws -> (copied: Int, verified: Int, problems: [String]) {
        let destination = try options.files()
        if let objects = destination.objects { return try checkObjects(named: files, in: objects, destination) }
        guard let filesFrom else {
            throw ValidationError("Name the data directory the files are copied from with --files-from (or the bucket with --object-store).")
        }
        let source = ContentStore(dataDirectory: URL(fileURLWithPath: filesFrom))
        var (copied, verified, problems) = (0, 0, [String]())
        for file in files {
            let to = destination.url(of: file.relativePath)
            if !FileManager.default.fileExists(atPath: to.path) {
                let from = source.url(of: file.relativePath)
                guard FileManager.default.fileExists(atPath: from.path) else {
                    problems.append("missing: \(file.relativePath)")
                    continue
                }
                try FileManager.default.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: from, to: to)
                copied += 1
            }
            if let expected = file.sha256 {
                guard try destination.sha256(ofFileAt: file.relativePath) == expected else {
                    problems.append("sha256 differs: \(file.relativePath)")
                    continue
                }
                verified += 1
            }
        }
        return (copied, verified, problems)
    }

    /// Files in a bucket stay where they are (the bucket outlives a database restore): each named one
    /// must be there, and those with a recorded sha256 must still hash to it.
    private func checkObjects(named files: [ReferencedFile], in objects: S3Bucket, _ store: ContentStore) throws
        -> (copied: Int, verified: Int, problems: [String]) {
        var (verified, problems) = (0, [String]())
        for file in files {
            if let expected = file.sha256 {
                let actual = try store.sha256(ofFileAt: file.relativePath)
                if actual == expected { verified += 1 } else { problems.append(actual == nil ? "missing: \(file.relativePath)" : "sha256 differs: \(file.relativePath)") }
            } else if try objects.head(file.relativePath) == nil {
                problems.append("missing: \(file.relativePath)")
            }
        }
        return (0, verified, problems)
    }
}
