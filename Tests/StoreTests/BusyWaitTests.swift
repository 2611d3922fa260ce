// The busy handler that replaces SQLite's busy_timeout: same schedule, a report per retry, a budget.
import Foundation
import GRDB
import Synchronization
import Testing
@testable import Store

@Suite struct BusyWaitTests {
    @Test func theScheduleIsSQLitesAndItStopsWhenTheBudgetIsSpent() {
        // SQLite's delays: 1+2+5+10+15+20+25+25+25+50+50 = 228 ms before the 12th try, then 100 ms each
        #expect(BusyWait.waited(beforeTry: 0) == 0)
        #expect(BusyWait.waited(beforeTry: 3) == 8)
        #expect(BusyWait.waited(beforeTry: 12) == 328)
        #expect(BusyWait.waited(beforeTry: 14) == 528)
        // Given a 10 ms budget, the handler retries while budget remains, reporting each retry
        let retries = Mutex(0)
        let wait = BusyWait(timeout: 0.010) { retries.withLock { $0 += 1 } }
        #expect(wait.retry(afterTries: 0))   // 0 ms spent
        #expect(wait.retry(afterTries: 3))   // 8 ms spent
        #expect(!wait.retry(afterTries: 4))  // 18 ms spent: give up
        #expect(retries.withLock { $0 } == 2)
    }

    @Test(.enabled(if: TestBackend.isSQLite, "SQLite's busy handler")) func aWriterWaitsForAnotherConnectionsLockAndTheWaitIsReported() throws {
        // Given two handles on one file, the first holding the write lock for 100 ms
        let first = try AppDatabase.openTemporary()
        let retries = Mutex(0)
        let second = try AppDatabase.openShared(path: first.path) { retries.withLock { $0 += 1 } }
        let holding = Atomic(false)
        let holder = Thread {
            try? first.pool.write { db in
                holding.store(true, ordering: .relaxed)
                Thread.sleep(forTimeInterval: 0.1)
                try db.execute(sql: "CREATE TABLE busy_probe_first (x)")
            }
        }
        holder.start()
        while !holding.load(ordering: .relaxed) { Thread.sleep(forTimeInterval: 0.001) }
        // When the second writes, it waits (retrying) and then succeeds
        try second.pool.write { db in try db.execute(sql: "CREATE TABLE busy_probe_second (x)") }
        #expect(retries.withLock { $0 } > 0)
    }
}

@Suite struct DiskFullTests {
    @Test(.enabled(if: TestBackend.isSQLite, "fills SQLite's file with max_page_count")) func aFullDiskIsReportedAsSuchAndNothingIsHalfWritten() throws {
        // Given a database that may not grow beyond its current pages (as on a full filesystem)
        let database = try AppDatabase.openTemporary()
        try database.pool.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count")!
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        // When a write needs more room
        let description = String(repeating: "x", count: 200_000)
        #expect(throws: StoreError.diskFull) {
            _ = try database.createProject(name: "Too big", description: description, by: .commandLine)
        }
        // Then the transaction left nothing behind, and small reads still work
        #expect(try database.project(id: 1) == nil)
    }
}
