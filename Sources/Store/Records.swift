// GRDB conformances shared by every record: snake_case columns.
import GRDB

protocol SnakeCaseRecord: FetchableRecord, PersistableRecord {}

extension SnakeCaseRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

// `literal:` overloads so reads use GRDB's SQL interpolation (bound arguments) at every call site.
extension FetchableRecord {
    static func fetchOne(_ db: Database, literal: SQL) throws -> Self? {
        try fetchOne(db, SQLRequest<Self>(literal: literal))
    }

    static func fetchAll(_ db: Database, literal: SQL) throws -> [Self] {
        try fetchAll(db, SQLRequest<Self>(literal: literal))
    }
}

extension DatabaseValueConvertible {
    static func fetchAll(_ db: Database, literal: SQL) throws -> [Self] {
        try fetchAll(db, SQLRequest<Self>(literal: literal))
    }
}
