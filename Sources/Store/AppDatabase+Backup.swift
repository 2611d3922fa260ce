// Online backup: a consistent copy while other processes keep writing.
import Foundation
internal import GRDB

extension AppDatabase {
    /// Copies the live database to `destination` with SQLite's online backup API. The copy is
    /// written beside the destination and renamed into place, so a failure never leaves half a file.
    public func backup(to destination: String) throws {
        let target = URL(fileURLWithPath: destination)
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
        try? FileManager.default.removeItem(at: temporary)
        do {
            let copy = try DatabaseQueue(path: temporary.path)
            try pool.backup(to: copy)
            try copy.close()
            guard rename(temporary.path, target.path) == 0 else {
                throw StoreError.cannotOpen(path: destination, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
