// Who sees a project, who manages it, and the role a caller acts in there.
import Domain
import Testing

@Suite struct ProjectAccessTests {
    @Test func theRoleInAProjectIsTheHigherOfGlobalAndMembership() {
        // A reviewer made data in one project uploads there; an admin stays admin as a plain member
        #expect(ProjectAccess.role(global: .reviewer, member: .data) == .data)
        #expect(ProjectAccess.role(global: .admin, member: .annotator) == .admin)
        #expect(ProjectAccess.role(global: .annotator, member: nil) == .annotator)
        // Seeing is membership or the data team; managing is the data team's alone, membership aside
        #expect(!ProjectAccess.canSee(role: .reviewer, isMember: false) && ProjectAccess.canSee(role: .annotator, isMember: true))
        #expect(ProjectAccess.canManage(role: .data) && !ProjectAccess.canManage(role: .reviewer))
    }
}
