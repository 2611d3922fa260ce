// From a CenterNet head's output to boxes: sigmoid heatmap, peaks that are the maximum of their 3×3
// neighbourhood (a max-pool peak finder), the top k above a score threshold, their size and offset,
// then class-wise non-maximum suppression.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct DetectionDecoder: Sendable {
    public var classes: Int
    public var stride: Int
    public var scoreThreshold: Float = 0.3
    public var topK: Int = 100
    /// Boxes of one class overlapping a better one by more than this are dropped.
    public var nmsIoU: Float = 0.5

    public init(classes: Int, stride: Int, scoreThreshold: Float = 0.3, topK: Int = 100, nmsIoU: Float = 0.5) {
        (self.classes, self.stride, self.scoreThreshold, self.topK, self.nmsIoU) = (classes, stride, scoreThreshold, topK, nmsIoU)
    }

    /// output: one image's (H', W', K + 4) — K heatmap logits, then width, height, offset x, offset y —
    /// as a flat array; boxes in input pixels, best first.
    public func decode(_ output: ArraySlice<Float>, cells: Int) -> [DetectionBox] {
        let channels = classes + 4
        precondition(output.count == cells * cells * channels, "output holds \(output.count) values, not \(cells)²×\(channels)")
        let base = output.startIndex
        func logit(_ x: Int, _ y: Int, _ k: Int) -> Float { output[base + (y * cells + x) * channels + k] }
        var peaks: [(score: Float, x: Int, y: Int, k: Int)] = []
        // σ is monotonic: compare logits, take σ only of the peaks.
        let threshold = logf(scoreThreshold / (1 - scoreThreshold))
        for y in 0..<cells {
            for x in 0..<cells {
                for k in 0..<classes {
                    let value = logit(x, y, k)
                    guard value >= threshold else { continue }
                    var isPeak = true
                    for ny in max(0, y - 1)...min(cells - 1, y + 1) where isPeak {
                        for nx in max(0, x - 1)...min(cells - 1, x + 1) where (nx, ny) != (x, y) && logit(nx, ny, k) > value {
                            isPeak = false
                        }
                    }
                    if isPeak { peaks.append((1 / (1 + expf(-value)), x, y, k)) }
                }
            }
        }
        peaks.sort { $0.score > $1.score }
        let boxes = peaks.prefix(topK).map { peak -> DetectionBox in
            let cell = base + (peak.y * cells + peak.x) * channels + classes
            let (w, h) = (max(0, output[cell]) * Float(stride), max(0, output[cell + 1]) * Float(stride))
            let cx = (Float(peak.x) + output[cell + 2]) * Float(stride), cy = (Float(peak.y) + output[cell + 3]) * Float(stride)
            return DetectionBox(classIndex: peak.k, score: peak.score, x: cx - w / 2, y: cy - h / 2, width: w, height: h)
        }
        return Self.suppress(boxes, iou: nmsIoU)
    }

    /// Class-wise non-maximum suppression: `boxes` best first, each kept unless a kept box of its class overlaps it by more than `iou`.
    public static func suppress(_ boxes: [DetectionBox], iou: Float) -> [DetectionBox] {
        var kept: [DetectionBox] = []
        for box in boxes where !kept.contains(where: { $0.classIndex == box.classIndex && $0.iou(box) > iou }) {
            kept.append(box)
        }
        return kept
    }
}
