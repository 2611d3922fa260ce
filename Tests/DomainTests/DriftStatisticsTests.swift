// Drift statistics against hand-computed values, image properties on known images, bounded profiles.
import Domain
import Foundation
import Testing

@Suite struct DriftStatisticsTests {
    @Test func psiOverTheReferencesDeciles() throws {
        let reference = (0..<100).map(Double.init)
        // Half the served values in the first decile, half in the last: 2·0.4·ln 5 + 8·(0.0001 − 0.1)·ln(0.0001 / 0.1)
        let served = (0..<50).map { Double($0 % 10) } + (0..<50).map { 90 + Double($0 % 10) }
        let expected = 2 * 0.4 * log(5.0) + 8 * (0.0001 - 0.1) * log(0.0001 / 0.1)
        #expect(abs(try #require(DriftStatistics.psi(reference: reference, current: served)) - expected) < 1e-9)
        #expect(DriftStatistics.psi(reference: reference, current: reference) == 0)
        #expect(DriftStatistics.psi(reference: [1, 2], current: [1]) == nil)  // fewer reference values than bins
    }

    @Test func categoricalPSI() throws {
        // 50/50 → 80/20: (0.8 − 0.5)·ln(0.8/0.5) + (0.2 − 0.5)·ln(0.2/0.5)
        let value = try #require(DriftStatistics.psi(reference: ["cat": 5, "dog": 5], current: ["cat": 8, "dog": 2]))
        #expect(abs(value - (0.3 * log(1.6) - 0.3 * log(0.4))) < 1e-12)
    }

    @Test func ksTakesTheLargestGapBetweenTheCDFs() throws {
        let (d, p) = try #require(DriftStatistics.ks([1, 2, 3, 4], [3, 4, 5, 6]))
        #expect(d == 0.5 && p > 0.5)
        #expect(DriftStatistics.ks([1, 2, 3], [1, 2, 3])?.statistic == 0)
        // The Kolmogorov distribution's 5 % point is λ ≈ 1.358
        #expect(abs(DriftStatistics.kolmogorovQ(1.358) - 0.05) < 0.001)
        // Far-apart samples of 200: certainly different
        let low: [Double] = (0..<200).map { Double($0) }
        let high: [Double] = low.map { $0 + 100 }
        let shifted = try #require(DriftStatistics.ks(low, high))
        #expect(shifted.statistic == 0.5 && shifted.pValue < 1e-10)
    }

    @Test func mmdWithAKnownBandwidthAndItsPermutationTest() throws {
        // Two points at 0 against two at 1, σ = 1: 1 + 1 − 2·e^(−1/2)
        #expect(abs(DriftStatistics.mmd2([[0], [0]], [[1], [1]], sigma: 1) - (2 - 2 * exp(-0.5))) < 1e-12)
        var random = DriftStatistics.SplitMix(seed: 5)
        let a = (0..<40).map { _ in [Float.random(in: 0...1, using: &random), Float.random(in: 0...1, using: &random)] }
        let same = (0..<40).map { _ in [Float.random(in: 0...1, using: &random), Float.random(in: 0...1, using: &random)] }
        let moved = (0..<40).map { _ in [Float.random(in: 0.6...1.6, using: &random), Float.random(in: 0...1, using: &random)] }
        #expect(try #require(DriftStatistics.mmd(a, same)).pValue > 0.05)
        #expect(try #require(DriftStatistics.mmd(a, moved)).pValue < 0.01)
    }

    @Test func imagePropertiesOfAFlatAndAStripedImage() {
        let flat = ImageProperties.measure(pixels: [UInt8](repeating: 51, count: 8 * 8 * 3), side: 8)
        #expect(abs(flat.brightness - 0.2) < 1e-9 && flat.contrast < 1e-9 && flat.sharpness < 1e-9)
        // Columns alternating black and white: mean ½, standard deviation ½, Laplacian |4·1 − 0 − 0 − 1 − 1| = 2 or 2
        var stripes: [UInt8] = []
        for _ in 0..<8 { for x in 0..<8 { stripes += [UInt8](repeating: x % 2 == 0 ? 0 : 255, count: 3) } }
        let striped = ImageProperties.measure(pixels: stripes, side: 8)
        #expect(abs(striped.brightness - 0.5) < 1e-9 && abs(striped.contrast - 0.5) < 1e-9 && abs(striped.sharpness - 2) < 1e-9)
    }

    @Test func profilesStayBoundedAndMergeInProportion() {
        var random = DriftStatistics.SplitMix(seed: 9)
        var dark = DriftProfile(), light = DriftProfile()
        for _ in 0..<1000 {
            dark.observe(ImageProperties(brightness: 0.1, contrast: 0, sharpness: 0), width: 10, height: 10, confidence: 0.9, labels: ["a"],
                         embedding: [0, 0], using: &random)
        }
        for _ in 0..<3000 {
            light.observe(ImageProperties(brightness: 0.9, contrast: 0, sharpness: 0), width: 10, height: 10, confidence: nil, labels: ["b"],
                          embedding: nil, using: &random)
        }
        #expect(dark.features["brightness"]?.count == DriftProfile.valueLimit && dark.embeddings.count == DriftProfile.embeddingLimit)
        dark.merge(light, using: &random)
        let values = dark.features["brightness"]!
        #expect(dark.observations == 4000 && values.count == DriftProfile.valueLimit && dark.labels == ["a": 1000, "b": 3000])
        // A quarter of the merged sample is dark, as a quarter of the observations were
        #expect(values.filter { $0 < 0.5 }.count == 125)
    }

    @Test func aReportsVerdict() {
        var random = DriftStatistics.SplitMix(seed: 3)
        func profile(brightness: ClosedRange<Double>, count: Int) -> DriftProfile {
            var p = DriftProfile()
            for _ in 0..<count {
                p.observe(ImageProperties(brightness: Double.random(in: brightness, using: &random), contrast: 0.2, sharpness: 0.1),
                          width: 640, height: 480, confidence: 0.9, labels: ["cat"], embedding: [Float.random(in: 0...1, using: &random)], using: &random)
            }
            return p
        }
        let reference = profile(brightness: 0.3...0.7, count: 300)
        #expect(DriftReport.compare(reference: reference, served: profile(brightness: 0.3...0.7, count: 200)).verdict == .stable)
        let darker = DriftReport.compare(reference: reference, served: profile(brightness: 0.0...0.3, count: 200))
        #expect(darker.verdict == .drift && darker.features.first { $0.name == "brightness" }!.psi! > DriftReport.psiDrift)
        #expect(DriftReport.compare(reference: reference, served: profile(brightness: 0.0...0.3, count: 10)).verdict == .insufficient)
    }

    @Test func wideEmbeddingsAreSketchedTo64DimensionsKeepingTheirDistances() {
        var random = DriftStatistics.SplitMix(seed: 11)
        let a = (0..<8192).map { _ in Float.random(in: -1...1, using: &random) }
        let b = (0..<8192).map { _ in Float.random(in: -1...1, using: &random) }
        let (ra, rb) = (DriftProfile.reduced(a), DriftProfile.reduced(b))
        #expect(ra.count == 64 && DriftProfile.reduced(Array(a.prefix(32))) == Array(a.prefix(32)))
        func distance(_ x: [Float], _ y: [Float]) -> Float { zip(x, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() }
        // A count sketch keeps squared distances in expectation: within a factor of about 1.5 for one pair
        let ratio = distance(ra, rb) / distance(a, b)
        #expect(ratio > 0.6 && ratio < 1.5, "\(ratio)")
        #expect(DriftProfile.reduced(a) == ra)  // the same every time (training and serving agree)
    }
}
