// What a restore checks: SQLite's own integrity check, and the files the rows name.
import Foundation

/// A file under the data directory that a row names, with the sha256 the row promises when it keeps one.
public struct ReferencedFile: Sendable, Equatable {
    public let relativePath: String
    public let sha256: String?
}

extension AppDatabase {
    /// `PRAGMA integrity_check`'s answer: "ok", or the first problems it found. PostgreSQL keeps its
    /// own pages checked; there "ok" means every table of the schema is there and reads through.
    public func integrityCheck() throws -> String {
        try read { db in
            guard db.dialect == .postgres else { return try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
            for table in try String.fetchAll(db, sql: "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") {
                _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)")
            }
            return try appliedMigrationsAreKnown(db) ? "ok" : "the schema's versions are not this Loupe's"
        }
    }

    private func appliedMigrationsAreKnown(_ db: StoreConnection) throws -> Bool {
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM loupe_migrations ORDER BY position")
        return applied == PostgresSchema.migrations.map(\.identifier)
    }

    /// Every stored file a row names: originals (with their sha256), thumbnails, display renditions,
    /// model artifacts (with theirs).
    public func referencedFiles() throws -> [ReferencedFile] {
        try read { db in
            var files: [ReferencedFile] = []
            for row in try SQLRow.fetchAll(db, sql: "SELECT original_path, sha256, thumbnail_path, display_path FROM images") {
                files.append(ReferencedFile(relativePath: row["original_path"], sha256: row["sha256"]))
                files.append(ReferencedFile(relativePath: row["thumbnail_path"], sha256: nil))
                if let display: String = row["display_path"] { files.append(ReferencedFile(relativePath: display, sha256: nil)) }
            }
            for row in try SQLRow.fetchAll(db, sql: "SELECT artifact_path, artifact_sha256 FROM model_versions WHERE artifact_path IS NOT NULL") {
                files.append(ReferencedFile(relativePath: row["artifact_path"], sha256: row["artifact_sha256"]))
            }
            return files
        }
    }
}
