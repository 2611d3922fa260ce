// Batch prediction jobs: the images they run over, and the result files they leave, recorded with
// the job's success in one transaction (the files are written before, as everywhere).
import Domain
import Foundation

/// One image a batch job reads: its id and name for the results, and its file.
public struct BatchImage: Sendable, Equatable {
    public let imageID: Int64
    public let fileName: String
    public let originalPath: String
}

/// A results file of a batch job.
public struct JobResult: Sendable, Equatable {
    /// csv or coco
    public let format: String
    public let path: String
    public let size: Int
    public let sha256: String

    public init(format: String, path: String, size: Int, sha256: String) {
        (self.format, self.path, self.size, self.sha256) = (format, path, size, sha256)
    }
}

extension JobResult: RowDecodable {
    init(row: SQLRow) throws {
        (format, path, size, sha256) = (row["format"], row["path"], row["size"], row["sha256"])
    }
}

extension AppDatabase {
    /// The project's images (in one status, or all), in id order.
    public func batchImages(projectID: Int64, status: ImageStatus?) throws -> [BatchImage] {
        try read { db in
            try SQLRow.fetchAll(db, literal: """
                SELECT id, file_name, original_path FROM images
                WHERE project_id = \(projectID) AND (CAST(\(status?.rawValue) AS TEXT) IS NULL OR status = \(status?.rawValue)) ORDER BY id
                """).map { BatchImage(imageID: $0["id"], fileName: $0["file_name"], originalPath: $0["original_path"]) }
        }
    }

    /// A snapshot's images that still have their files (a snapshot keeps shapes, not files), in id order.
    public func snapshotBatchImages(projectID: Int64, snapshotID: Int64) throws -> [BatchImage] {
        try read { db in
            guard try Int.fetchOne(db, literal: "SELECT 1 FROM snapshots WHERE id = \(snapshotID) AND project_id = \(projectID)") != nil else {
                throw StoreError.notFound(entity: "snapshot")
            }
            return try SQLRow.fetchAll(db, literal: """
                SELECT s.image_id, s.file_name, i.original_path FROM snapshot_images s JOIN images i ON i.id = s.image_id
                WHERE s.snapshot_id = \(snapshotID) ORDER BY s.image_id
                """).map { BatchImage(imageID: $0["image_id"], fileName: $0["file_name"], originalPath: $0["original_path"]) }
        }
    }

    /// Records the result files and ends the job as succeeded — only while `owner` holds its lease.
    public func finishBatchJob(lease: JobLease, results: [JobResult], message: String) throws -> Bool {
        let jobID = lease.jobID
        return try write { db in
            try db.execute(literal: """
                UPDATE jobs SET state = 'succeeded', message = \(message), finished_at = \(Date()), lease_owner = NULL,
                       lease_expires_at = NULL, progress = 1
                WHERE \(lease.holdsRow)
                """)
            guard db.changesCount == 1 else { return false }
            for result in results {
                try db.execute(literal: """
                    INSERT INTO job_results (job_id, format, path, size, sha256)
                    VALUES (\(jobID), \(result.format), \(result.path), \(result.size), \(result.sha256))
                    """)
            }
            return true
        }
    }

    public func jobResults(jobID: Int64) throws -> [JobResult] {
        try lookup { db in try JobResult.fetchAll(db, literal: "SELECT * FROM job_results WHERE job_id = \(jobID) ORDER BY format") }
    }
}
