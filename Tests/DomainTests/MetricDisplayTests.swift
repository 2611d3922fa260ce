import Domain
import Testing

@Suite struct MetricDisplayTests {
    @Test func namesReadAsWords() {
        #expect(MetricDisplay.name("validation_accuracy") == "Validation accuracy")
        #expect(MetricDisplay.name("macro_f1") == "Macro F1")
        #expect(MetricDisplay.name("map_50") == "Map 50")
    }

    @Test func accuraciesArePercentagesAndCountsAreWholeNumbers() {
        #expect(MetricDisplay.value("validation_accuracy", 1) == "100.0 %")
        #expect(MetricDisplay.value("macro_f1", 0.8123) == "81.2 %")
        #expect(MetricDisplay.value("parameter_count", 1_234_567) == "1,234,567")
        #expect(MetricDisplay.value("validation_loss", 0.123456) == "0.1235")
        #expect(MetricDisplay.value("validation_loss", .nan) == "—")
        // A detector's average precisions read like accuracies
        #expect(MetricDisplay.name("ap50") == "AP50" && MetricDisplay.value("ap50", 0.834) == "83.4 %")
        #expect(MetricDisplay.name("ap") == "AP@[.5:.95]" && MetricDisplay.value("ap", 0.5) == "50.0 %")
    }

    @Test func theMetricsPeopleCompareComeFirst() {
        #expect(MetricDisplay.ordered(["zeta", "validation_loss", "validation_accuracy", "alpha"])
            == ["validation_accuracy", "validation_loss", "alpha", "zeta"])
        #expect(MetricDisplay.ordered(["boxes", "ap", "ap75", "ap50"]) == ["ap50", "ap", "ap75", "boxes"])
    }
}

@Suite struct ValidationEvidenceTests {
    @Test func tinyValidationSetsAreCalledOut() {
        #expect(ValidationEvidence.warning(validationSamples: 1)?.contains("only 1 validation sample:") == true)
        #expect(ValidationEvidence.warning(validationSamples: 4)?.contains("25 points") == true)
        #expect(ValidationEvidence.warning(validationSamples: 0) != nil)
        #expect(ValidationEvidence.warning(validationSamples: 30) == nil)
    }
}
