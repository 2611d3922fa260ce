// Proving the current password before changing your own (API and account page alike).
import Auth
import Domain
import Store
import Web

extension Accounts {
    /// Changing your own password proves the current one, so a borrowed session cannot lock you out.
    func checkCurrentPassword(_ given: String?, of user: User) throws {
        guard let given, verifyPassword(given, of: user) else {
            throw HTTPError(HTTPStatus.forbidden, code: "wrong_password",
                            message: "Your current password is not right.", field: "current_password")
        }
    }
}
