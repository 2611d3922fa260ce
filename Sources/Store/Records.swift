// Helpers shared by every record read.
import GRDB

// `literal:` overloads so reads use GRDB's SQL interpolation (bound arguments) at every call site.
// Statements are cached per connection: the SQL text is fixed, only the arguments change.
extension FetchableRecord {
    static func fetchOne(_ db: Database, literal: SQL) throws -> Self? {
        try fetchOne(db, SQLRequest<Self>(literal: literal, cached: true))
    }

    static func fetchAll(_ db: Database, literal: SQL) throws -> [Self] {
        try fetchAll(db, SQLRequest<Self>(literal: literal, cached: true))
    }
}

extension DatabaseValueConvertible {
    static func fetchAll(_ db: Database, literal: SQL) throws -> [Self] {
        try fetchAll(db, SQLRequest<Self>(literal: literal, cached: true))
    }
}
