// Job configs: defaults for everything, and every bad value named by its field.
import Domain
import Foundation
import Testing

@Suite struct TrainingConfigTests {
    private func parse(_ json: String) throws -> TrainingConfig {
        try TrainingConfig.fromJobBody(Array(json.utf8))
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
}
