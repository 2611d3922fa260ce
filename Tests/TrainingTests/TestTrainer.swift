// What the in-process job tests share: a temporary store with its data directory beside it, and a
// trainer loop over it.
import Foundation
import Logging
import Store
@testable import Training

enum TestTrainer {
    /// A temporary database, and the data directory its files go in.
    static func store() throws -> (AppDatabase, URL) {
        let database = try AppDatabase.openTemporary()
        return (database, database.temporaryDirectory!)
    }

    /// A trainer named `owner` over that store.
    static func service(_ database: AppDatabase, _ dataDirectory: URL, owner: String = "test", pollSeconds: Double = 0.1) -> TrainerService {
        TrainerService(database: database, dataDirectory: dataDirectory, settings: .init(owner: owner, leaseSeconds: 30, pollSeconds: pollSeconds),
                       shutdown: ShutdownFlag(), logger: Logger(label: "test"))
    }
}
