// A detector's geometry: letterboxing both ways, CenterNet targets, and decoding a head's output back
// to the exact boxes it was made from, with class-wise suppression.
import Foundation
import Testing
import Tensor

@Suite struct DetectionDecodingTests {
    @Test func letterboxingIsUndoneExactly() {
        // Given a 640×480 image fitted into a 320-pixel square input
        let letterbox = Letterbox(imageWidth: 640, imageHeight: 480, side: 320)
        #expect(letterbox.scaleX == 0.5 && letterbox.scaleY == 0.5 && letterbox.left == 0 && letterbox.top == 40)
        #expect(letterbox.scaledWidth == 320 && letterbox.scaledHeight == 240)
        // Then a box goes into the input and back unchanged
        let box = DetectionBox(classIndex: 1, x: 100, y: 50, width: 200, height: 120)
        let input = letterbox.toInput(box)
        #expect(input == DetectionBox(classIndex: 1, x: 50, y: 65, width: 100, height: 60))
        #expect(letterbox.toImage(input) == box)
        // And a box reaching into the padding is clipped to the image
        let clipped = letterbox.toImage(DetectionBox(classIndex: 0, x: 300, y: 10, width: 40, height: 60))
        #expect(clipped.x == 600 && clipped.y == 0 && clipped.width == 40 && clipped.height == 60)
    }

    @Test func targetsMarkEachCentreWithItsSizeAndOffset() {
        // Given one 40×24 box of class 1 centred at (50, 30) on a 128-pixel input, stride 4
        let box = DetectionBox(classIndex: 1, x: 30, y: 18, width: 40, height: 24)
        let targets = CenterNetTargets(boxes: [box], side: 128, stride: 4, classes: 2)
        let cells = 32
        // Then its centre cell (12, 7) is 1 for class 1 only, with a Gaussian bump below 1 around it
        let centre = (7 * cells + 12) * 2 + 1
        #expect(targets.heatmap[centre] == 1 && targets.heatmap[centre - 1] == 0)
        let beside = (7 * cells + 13) * 2 + 1
        #expect(targets.heatmap[beside] > 0 && targets.heatmap[beside] < 1)
        // And the regression holds width and height in cells and the sub-cell offset of the centre
        let cell = (7 * cells + 12) * 4
        #expect(Array(targets.regression[cell..<cell + 4]) == [10, 6, 0.5, 0.5])
        #expect(Array(targets.mask[cell..<cell + 4]) == [1, 1, 1, 1] && targets.mask.reduce(0, +) == 4)
        #expect(targets.objects == 1)
    }

    @Test func decodingAPerfectOutputGivesBackTheBoxes() {
        // Given three boxes (two classes, two of them overlapping across classes, each centre in its own
        // cell: one cell holds one box's size) and the head output
        // that matches their targets exactly
        let boxes = [DetectionBox(classIndex: 0, x: 8, y: 8, width: 40, height: 32),
                     DetectionBox(classIndex: 1, x: 20, y: 16, width: 36, height: 30),
                     DetectionBox(classIndex: 1, x: 80, y: 64, width: 24, height: 40)]
        let (side, stride, classes) = (128, 4, 2)
        let targets = CenterNetTargets(boxes: boxes, side: side, stride: stride, classes: classes)
        let cells = side / stride
        var output: [Float] = []
        for i in 0..<(cells * cells) {
            for k in 0..<classes {
                let p = min(max(targets.heatmap[i * classes + k], 1e-4), 1 - 1e-4)
                output.append(log(p / (1 - p)))
            }
            output += targets.regression[i * 4..<i * 4 + 4]
        }
        // When it is decoded
        let decoded = DetectionDecoder(classes: classes, stride: stride, scoreThreshold: 0.5).decode(output[...], cells: cells)
        // Then each box comes back, exactly, and the overlap across classes is not suppressed
        #expect(decoded.count == 3)
        for box in boxes {
            let match = decoded.first { $0.classIndex == box.classIndex && abs($0.x - box.x) < 1e-3 && abs($0.y - box.y) < 1e-3 }
            #expect(match != nil && abs(match!.width - box.width) < 1e-3 && abs(match!.height - box.height) < 1e-3, "\(box)")
        }
    }

    @Test func suppressionKeepsTheBestOfEachClusterPerClass() {
        let best = DetectionBox(classIndex: 0, score: 0.9, x: 0, y: 0, width: 10, height: 10)
        let shifted = DetectionBox(classIndex: 0, score: 0.8, x: 1, y: 1, width: 10, height: 10)
        let otherClass = DetectionBox(classIndex: 1, score: 0.7, x: 1, y: 1, width: 10, height: 10)
        let apart = DetectionBox(classIndex: 0, score: 0.6, x: 30, y: 30, width: 10, height: 10)
        #expect(best.iou(shifted) > 0.6 && best.iou(apart) == 0)
        #expect(DetectionDecoder.suppress([best, shifted, otherClass, apart], iou: 0.5) == [best, otherClass, apart])
    }
}
