// Agreement figures on hand-made cases, worked out from the formulas.
import Domain
import Testing

@Suite struct AgreementTests {
    func box(_ label: Int64, _ x: Double, _ y: Double, _ w: Double, _ h: Double) -> LabeledBox {
        LabeledBox(labelID: label, x: x, y: y, width: w, height: h)
    }

    @Test func iouOfOverlappingBoxes() {
        // 10×10 boxes offset by 5 in x: intersection 50, union 150
        #expect(abs(box(1, 0, 0, 10, 10).iou(box(1, 5, 0, 10, 10)) - 1.0 / 3) < 1e-12)
        #expect(box(1, 0, 0, 10, 10).iou(box(1, 20, 20, 5, 5)) == 0)
    }

    @Test func boxF1CountsMatchesOfTheSameLabelAboveTheThreshold() {
        let a = [box(1, 0, 0, 10, 10), box(1, 50, 50, 10, 10), box(2, 100, 100, 10, 10)]
        // b matches a[0] (IoU 0.81), misses a[1] (IoU 1/3), and labels the third box differently
        let b = [box(1, 1, 1, 9, 9), box(1, 55, 50, 10, 10), box(3, 100, 100, 10, 10), box(1, 200, 200, 5, 5)]
        // F1 = 2·1 / (3 + 4)
        #expect(abs(Agreement.boxF1(a, b)! - 2.0 / 7) < 1e-12)
        #expect(Agreement.boxF1(a, a) == 1)
        #expect(Agreement.boxF1([], []) == nil)
        #expect(Agreement.boxF1(a, []) == 0)
    }

    @Test func cohensKappaOnATwoByTwoTable() {
        // Agree on 4 of 6 (pₒ = 2/3); each said "cat" half the time (pₑ = 1/2): κ = (2/3 − 1/2) / (1/2) = 1/3
        let a = ["cat", "cat", "dog", "dog", "cat", "dog"], b = ["cat", "dog", "dog", "dog", "cat", "cat"]
        #expect(abs(Agreement.cohenKappa(a, b)! - 1.0 / 3) < 1e-12)
        #expect(Agreement.cohenKappa(a, a) == 1)
        #expect(Agreement.cohenKappa(["x", "x"], ["x", "x"]) == nil)  // chance agreement is certain: undefined
    }

    @Test func fleissKappaOnTheTextbookTable() {
        // Fleiss (1971) as worked on Wikipedia: 10 items, 14 raters, 5 categories, κ ≈ 0.210
        let counts = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
                      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
        #expect(abs(Agreement.fleissKappa(counts)! - 0.20993) < 1e-4)
        #expect(Agreement.fleissKappa([[2, 0], [0, 2]]) == 1)
        #expect(Agreement.fleissKappa([[1, 1], [3, 0]]) == nil)  // unequal numbers of raters
        #expect(Agreement.fleissKappa([[1, 1], [2]]) == nil)  // rows of different lengths
    }
}
