// Read-then-write paths under real concurrency, each writer on its own connection: race-free on
// SQLite because it has one writer, and on PostgreSQL because writes run SERIALIZABLE and are run
// again after a collision.
import Domain
import Foundation
import Synchronization
import Testing
@testable import Store

@Suite struct ConcurrentWriteTests {
    @Test func annotatorsAskingForTheNextImageAtOnceNeverGetTheSameOne() throws {
        // Given 8 open images and 4 annotators, each on a connection of their own
        let database = try AppDatabase.openTemporary()
        let project = try database.createProject(name: "Race", description: "", by: .commandLine)
        for index in 0..<8 {
            _ = try database.addImage(NewImage(projectId: project.id, fileName: "\(index).jpg", sha256: "s\(index)", format: "jpeg",
                                               byteSize: 1, width: 10, height: 10, orientation: 1, originalPath: "o\(index)",
                                               thumbnailPath: "t", displayPath: nil), by: .commandLine)
        }
        let users = try (0..<4).map { try database.createUser(username: "a\($0)", passwordHash: "x", role: .annotator, by: .commandLine) }
        let connections = try users.map { _ in try AppDatabase.openShared(path: database.path, migrate: false) }
        // When they all ask for their next image at the same moment
        let taken = Mutex<[Int64: Int64]>([:])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: users.count) { index in
            do {
                if let image = try connections[index].takeNextImage(projectID: project.id, userID: users[index].id, holdSeconds: 300) {
                    taken.withLock { $0[users[index].id] = image.id }
                }
            } catch { failures.withLock { $0.append("\(error)") } }
        }
        // Then each got an image, no two the same, and each holds the one it got
        #expect(failures.withLock { $0 }.isEmpty)
        let handedOut = taken.withLock { $0 }
        #expect(handedOut.count == users.count)
        #expect(Set(handedOut.values).count == users.count)
    }

    @Test func theSameBytesUploadedAtOnceThroughSeveralWorkersAreOneImage() throws {
        // Given 6 workers, each on a connection of its own, about to record the same upload
        let database = try AppDatabase.openTemporary()
        let project = try database.createProject(name: "Same bytes", description: "", by: .commandLine)
        let connections = try (0..<6).map { _ in try AppDatabase.openShared(path: database.path, migrate: false) }
        for round in 0..<5 {
            let upload = NewImage(projectId: project.id, fileName: "same.jpg", sha256: "same-\(round)", format: "jpeg", byteSize: 1,
                                  width: 10, height: 10, orientation: 1, originalPath: "o", thumbnailPath: "t", displayPath: nil)
            // When they all record it at the same moment
            let outcomes = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: connections.count) { index in
                do {
                    let (image, duplicate) = try connections[index].addImage(upload, by: .commandLine)
                    outcomes.withLock { $0.append("\(image.id) \(duplicate ? "duplicate" : "new")") }
                } catch { outcomes.withLock { $0.append("\(error)") } }
            }
            // Then one recorded it and the others were told it was there, all naming the same image
            let seen = outcomes.withLock { $0 }
            #expect(seen.filter { $0.hasSuffix(" new") }.count == 1, "round \(round): \(seen)")
            #expect(seen.filter { $0.hasSuffix(" duplicate") }.count == connections.count - 1, "round \(round): \(seen)")
            #expect(Set(seen.map { $0.split(separator: " ")[0] }).count == 1, "round \(round): \(seen)")
        }
    }

    @Test func twoAdminsDisablingEachOtherAtOnceLeaveOneEnabled() throws {
        // Given exactly two enabled admins, each about to disable the other through their own connection
        let database = try AppDatabase.openTemporary()
        let admins = try (0..<2).map { try database.createUser(username: "root\($0)", passwordHash: "x", role: .admin, by: .commandLine) }
        let connections = try admins.map { _ in try AppDatabase.openShared(path: database.path, migrate: false) }
        for round in 0..<5 {
            // When both press "disable" at the same moment
            let outcomes = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                do {
                    _ = try connections[index].updateUser(id: admins[1 - index].id, role: nil, disabled: true, by: .commandLine)
                    outcomes.withLock { $0.append("disabled") }
                } catch StoreError.lastAdmin {
                    outcomes.withLock { $0.append("refused") }
                } catch { outcomes.withLock { $0.append("\(error)") } }
            }
            // Then exactly one succeeds and the other hears it would leave no admin
            #expect(outcomes.withLock { $0 }.sorted() == ["disabled", "refused"], "round \(round)")
            #expect(try database.users().filter { $0.role == .admin && !$0.disabled }.count == 1)
            for admin in admins { _ = try database.updateUser(id: admin.id, role: nil, disabled: false, by: .commandLine) }
        }
    }
}
