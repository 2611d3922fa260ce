// Job configs: defaults for everything, and every bad value named by its field.
import Domain
import Foundation
import Testing

@Suite struct TrainingConfigTests {
    /// The `config` of a job request's body, read as a train job's.
    private func parse(_ json: String, kind: JobKind = .train) throws -> JobSpec {
        let body = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let config = body["config"].flatMap { $0 is NSNull ? nil : $0 }  // as Request.jsonMember reads it
        return try JobSpec.requested(kind: kind, config: try config.map { try JSONSerialization.data(withJSONObject: $0, options: .fragmentsAllowed) })
    }

    private func parse(_ json: String) throws -> TrainingConfig {
        try #require(try parse(json, kind: .train).training)
    }

    @Test func anEmptyBodyGivesTheDefaults() throws {
        let config = try parse(#"{"kind":"train"}"#)
        #expect(config.architecture == .cnn && config.inputSize == 64 && config.source == .tags)
        #expect(config.effectiveLearningRate == 1e-3 && config.effectiveHiddenLayers == 0)
    }

    @Test func givenValuesAreKept() throws {
        let config = try parse(#"{"config":{"architecture":"mlp","input_size":16,"optimizer":"sgd","epochs":3,"width":32,"source":"boxes"}}"#)
        #expect(config.architecture == .mlp && config.inputSize == 16 && config.epochs == 3 && config.width == 32)
        #expect(config.source == .boxes && config.effectiveLearningRate == 0.05 && config.effectiveHiddenLayers == 1)
    }

    @Test func badValuesNameTheirField() {
        let cases: [(String, String)] = [
            (#"{"config":{"learning_rate":0}}"#, "config.learning_rate"),
            (#"{"config":{"epochs":"ten"}}"#, "config.epochs"),
            (#"{"config":{"architecture":"transformer"}}"#, "config.architecture"),
            (#"{"config":{"input_sise":32}}"#, "config.input_sise"),
            (#"{"config":{"search":{"batch_size":[32, 0]}}}"#, "config.search.batch_size[1]"),
            (#"{"config":{"input_size":8,"conv_channels":[8,8,8,8]}}"#, "config.conv_channels"),
            (#"{"config":7}"#, "config"),
        ]
        for (body, field) in cases {
            do {
                _ = try parse(body)
                Issue.record("\(body) was accepted")
            } catch {
                #expect((error as? TrainingConfigError)?.field == field, "\(body): \(error)")
            }
        }
    }

    @Test func theNormalisedConfigRoundTrips() throws {
        // Given a config as stored on a job (every default written out)
        let config = try parse(#"{"config":{"architecture":"mlp","search":{"strategy":"grid","trials":2}}}"#)
        let stored = try JSONEncoder().encode(config)
        // Then reading it back gives the same run
        let again = try JSONDecoder().decode(TrainingConfig.self, from: stored)
        #expect(again.effectiveLearningRate == config.effectiveLearningRate)
        #expect(again.effectiveHiddenLayers == 1 && again.search?.strategy == .grid && again.search?.trials == 2)
    }

    @Test func eachKindReadsItsOwnSettings() throws {
        // A score job takes the three scoring settings and refuses training ones (and the reverse)
        #expect(try parse(#"{"config":{"strategy":"margin","model_version":3}}"#, kind: .score)
                == .score(ScoringConfig(strategy: .margin, modelVersion: 3)))
        #expect(throws: TrainingConfigError.self) { try parse(#"{"config":{"epochs":3}}"#, kind: .score) }
        #expect(throws: TrainingConfigError.self) { try parse(#"{"config":{"strategy":"margin"}}"#, kind: .train) }
        // A search without a space searches the default one; a score job without config uses the project's settings
        #expect(try parse(#"{}"#, kind: .search).training?.search == TrainingConfig.SearchSpace())
        #expect(try parse(#"{"config":null}"#, kind: .score) == .score(ScoringConfig()))
        // And a score job's config shows only what scoring reads
        let shown = String(decoding: try JobSpec.score(ScoringConfig(modelVersion: 4)).configJSON(), as: UTF8.self)
        #expect(shown == #"{"model_version":4}"#)
    }

    @Test func scoreJobsStoredWithAWholeTrainingConfigStillRead() throws {
        // Given a score job as an older Loupe stored it: every training default beside the scoring keys
        let old = #"{"architecture":"cnn","augment":true,"batch_size":32,"epochs":30,"input_size":64,"model_version":7,"diversity":false}"#
        // Then it reads as the scoring it asked for
        #expect(try JobSpec.stored(kind: .score, config: Data(old.utf8)) == .score(ScoringConfig(diversity: false, modelVersion: 7)))
    }
}
