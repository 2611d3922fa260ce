// Which stage moves the registry allows, and which alias names it takes.
import Domain
import Testing

@Suite struct ModelStageTests {
    @Test func movesToTheSameStageAreRefused() {
        for stage in ModelStage.allCases {
            #expect(stage.refusal(movingTo: stage) != nil, "\(stage)")
        }
    }

    @Test func anArchivedVersionReturnsOnlyThroughStaging() {
        #expect(ModelStage.archived.refusal(movingTo: .staging) == nil)
        #expect(ModelStage.archived.refusal(movingTo: .production)?.contains("through Staging") == true)
        #expect(ModelStage.archived.refusal(movingTo: .none) != nil)
    }

    @Test func otherMovesAreAllowed() {
        #expect(ModelStage.none.refusal(movingTo: .production) == nil)
        #expect(ModelStage.production.refusal(movingTo: .archived) == nil)
        #expect(ModelStage.staging.refusal(movingTo: .none) == nil)
    }

    @Test func stageNamesAreReadInAnyCase() {
        #expect(ModelStage(loosely: "production") == .production)
        #expect(ModelStage(loosely: "NONE") == ModelStage.none)
        #expect(ModelStage(loosely: "prod") == nil)
    }

    @Test func aliasNames() {
        #expect(AliasName.problem("champion") == nil)
        #expect(AliasName.problem("candidate-2_b") == nil)
        #expect(AliasName.problem("") != nil)
        #expect(AliasName.problem("has space") != nil)
        #expect(AliasName.problem("latest") != nil)
        #expect(AliasName.problem("v12") != nil)
        #expect(AliasName.problem("vip") == nil)
    }
}
