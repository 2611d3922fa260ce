// scrypt password hashes: round trip, salting, tamper resistance.
import Testing
@testable import Auth

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher(logN: 10)  // cheap parameters; the format is what is under test

    @Test func verifiesTheRightPasswordOnly() throws {
        let hash = try hasher.hash("correct horse")
        #expect(hash.hasPrefix("scrypt$10$8$1$"))
        #expect(hasher.verify("correct horse", against: hash))
        #expect(!hasher.verify("correct horsE", against: hash))
        #expect(!hasher.verify("", against: hash))
    }

    @Test func saltsEachHash() throws {
        #expect(try hasher.hash("same") != hasher.hash("same"))
    }

    @Test func costTravelsInTheHash() throws {
        // Given a hash made at one cost, a hasher configured at another still verifies it
        let hash = try PasswordHasher(logN: 11).hash("pw-pw-pw-pw")
        #expect(hasher.verify("pw-pw-pw-pw", against: hash))
    }

    @Test func malformedHashesNeverMatch() {
        for bad in ["", "scrypt$", "scrypt$10$8$1$AAAA", "bcrypt$10$8$1$AAAA$AAAA", "scrypt$99$8$1$AAAA$AAAA", "scrypt$10$0$1$AA==$AA=="] {
            #expect(!hasher.verify("x", against: bad), "\(bad)")
        }
    }

    @Test func defaultCostIsSlow() {
        #expect(PasswordHasher().logN >= 15)
    }
}
