// What can go wrong when signing in or managing accounts, in words a person can act on.
import Domain

public enum AuthError: Error, Equatable {
    case invalidUsername
    case weakPassword
    case invalidCredentials
    /// Too many recent failures; try again after this many seconds.
    case throttled(retryAfter: Int)
    case invalidTokenName
    /// A key file in the data directory cannot be made or read (the operator's problem).
    case keyFile(String)

    public var message: String {
        switch self {
        case .invalidUsername: "A username is \(Username.rule)."
        case .weakPassword:
            "A password needs \(PasswordHasher.minimumLength) to \(PasswordHasher.maximumLength) characters."
        case .invalidCredentials: "Wrong username or password."
        case .throttled(let seconds):
            "Too many failed logins. Try again in \(seconds >= 120 ? "\(seconds / 60) minutes" : "\(seconds) seconds")."
        case .invalidTokenName: "A token name is 1–100 characters."
        case .keyFile(let path): "The key file \(path) cannot be made or read."
        }
    }

    /// The input at fault, for the error's `field`.
    public var field: String? {
        switch self {
        case .invalidUsername: "username"
        case .weakPassword: "password"
        case .invalidTokenName: "name"
        case .invalidCredentials, .throttled, .keyFile: nil
        }
    }
}
