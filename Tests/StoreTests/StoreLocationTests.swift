// Where a process finds its store, and how a PostgreSQL URL appears in messages.
import Foundation
import Testing
@testable import Store

@Suite struct StoreLocationTests {
    @Test func theOptionWinsThenTheEnvironmentThenTheDataDirectorysFile() {
        let url = "postgresql://loupe:secret@db.example:5432/loupe"
        #expect(StoreLocation.resolve(option: url, dataDirectory: "data", environment: ["LOUPE_DATABASE_URL": "postgresql://x@y/z"]) == url)
        #expect(StoreLocation.resolve(option: nil, dataDirectory: "data", environment: ["LOUPE_DATABASE_URL": url]) == url)
        #expect(StoreLocation.resolve(option: "", dataDirectory: "/srv/loupe", environment: [:]) == "/srv/loupe/loupe.sqlite")
        #expect(StoreLocation.isPostgres(url) && StoreLocation.isPostgres("postgres://a@b/c") && !StoreLocation.isPostgres("/srv/loupe.sqlite"))
    }

    @Test func passwordsNeverReachAMessage() {
        #expect(StoreLocation.redacted("postgresql://loupe:s3cr%40t@db:5432/loupe") == "postgresql://loupe:***@db:5432/loupe")
        #expect(StoreLocation.redacted("postgresql://loupe@localhost/loupe?host=/run/pg") == "postgresql://loupe@localhost/loupe?host=/run/pg")
        #expect(StoreLocation.redacted("/srv/data/loupe.sqlite") == "/srv/data/loupe.sqlite")
        #expect(PostgresURL.redactingPasswords(in: "pg_dump: error: connection to postgresql://loupe:hunter2@db/x failed")
                == "pg_dump: error: connection to postgresql://loupe:***@db/x failed")
        #expect(PostgresURL.replacingDatabase(in: "postgresql://loupe:pw@db:5/postgres?sslmode=require", with: "other")
                == "postgresql://loupe:pw@db:5/other?sslmode=require")
    }

    @Test func aConnectionGivesUpOnASilentNetworkUnlessTheURLSaysOtherwise() {
        // A host cut off from the database must fail its statements, not wait for TCP's minutes
        #expect(PostgresURL.withNetworkTimeouts("postgresql://loupe:pw@10.0.0.2:5432/loupe")
                == "postgresql://loupe:pw@10.0.0.2:5432/loupe?connect_timeout=5&tcp_user_timeout=15000&keepalives_idle=5&keepalives_interval=3&keepalives_count=3&options=-c%20idle_in_transaction_session_timeout%3D60000")
        let explicit = "postgresql://loupe@localhost/l?host=/run/pg&connect_timeout=30&tcp_user_timeout=0&keepalives_idle=60&keepalives_interval=9&keepalives_count=1&options=-c%20work_mem%3D8MB"
        #expect(PostgresURL.withNetworkTimeouts(explicit) == explicit)
        #expect(PostgresURL.withNetworkTimeouts("/srv/data/loupe.sqlite") == "/srv/data/loupe.sqlite")
    }
}
