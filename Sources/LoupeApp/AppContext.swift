// What every handler can reach: the store, account operations, and deployment settings.
import Auth
import Store

public struct AppContext: Sendable {
    public let database: AppDatabase
    public let accounts: Accounts
    /// Adds `Secure` to cookies; set when nginx is behind HTTPS.
    public let secureCookies: Bool
    public static let version = "0.1.0"

    public init(database: AppDatabase, accounts: Accounts? = nil, secureCookies: Bool = false) {
        self.database = database
        self.accounts = accounts ?? Accounts(database: database)
        self.secureCookies = secureCookies
    }
}
