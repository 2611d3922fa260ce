// The driver seam's own pieces: dates stored as GRDB stored them, queries rendered with bound
// values, rows read by name and position.
import Foundation
import GRDB
import Testing
@testable import Store

@Suite struct SQLDriverTests {
    @Test func datesAreWrittenExactlyAsGRDBWroteThemAndReadBack() throws {
        // Given dates across eras, leap days and sub-millisecond fractions
        let dates = [0, 951_782_400.5, 1_764_603_471.123_9, 1_764_603_471.999_7, 1_764_603_471.000_4, -86_400.25, 4_102_444_799.999].map(Date.init(timeIntervalSince1970:))
        for date in dates {
            // Then the text is what GRDB puts in existing files, and it reads back to the millisecond
            let grdb = String.fromDatabaseValue(date.databaseValue)
            #expect(date.storageText == grdb)
            let back = try #require(Date(storageText: date.storageText))
            #expect(abs(back.timeIntervalSince1970 - (date.timeIntervalSince1970 * 1000).rounded() / 1000) < 1e-6)
        }
        // And the forms SQLite's functions and PostgreSQL print are read too
        #expect(Date(storageText: "2026-12-01")?.timeIntervalSince1970 == 1_796_083_200)
        #expect(Date(storageText: "2026-12-01T15:47")?.timeIntervalSince1970 == 1_796_140_020)
        #expect(Date(storageText: "2026-12-01 15:47:51.5+00")?.timeIntervalSince1970 == 1_796_140_071.5)
        #expect(Date(storageText: "2026-13-01") == nil)
        #expect(Date(storageText: "2026-12-01 15:47:51+02") == nil)
    }

    @Test func interpolatedValuesAreBoundAndFragmentsNest() {
        // Given a fragment with its own value, a list, an optional and trusted text
        let status: String? = nil
        let filter: SQLQuery = "AND status = \("new")"
        let query: SQLQuery = "SELECT \(sql: "id") FROM images WHERE id IN \([3, 5] as [Int64]) \(filter) AND x = \(status)"
        // When it is rendered for PostgreSQL
        let (sql, values) = query.rendered { "$\($0)" }
        // Then every value is a placeholder, in order
        #expect(sql == "SELECT id FROM images WHERE id IN ($1, $2) AND status = $3 AND x = $4")
        #expect(values == [.integer(3), .integer(5), .text("new"), .null])
        // And an empty list matches nothing rather than breaking the statement
        #expect(("id IN \([Int64]())" as SQLQuery).rendered { _ in "?" }.sql == "id IN (NULL)")
    }

    @Test func rowsAreReadByNameCaseInsensitivelyAndByPosition() throws {
        let database = try AppDatabase.openTemporary()
        let row = try #require(try database.read { db in
            try SQLRow.fetchOne(db, literal: "SELECT 1 AS id, 'a' AS Name, NULL AS gone, 2 AS id, \(Date(timeIntervalSince1970: 0)) AS at")
        })
        #expect(row["id"] as Int64 == 1)  // the first column of a name wins
        #expect(row["name"] as String == "a")
        #expect(row["gone"] as String? == nil)
        #expect(row.isNull(at: 2))
        #expect(row[3] as Int == 2)
        #expect(row["at"] as Date == Date(timeIntervalSince1970: 0))
    }
}
