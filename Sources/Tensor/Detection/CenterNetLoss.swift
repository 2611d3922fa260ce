// A CenterNet head's loss for a batch: the focal loss on its heatmap channels plus 0.1 × the L1 loss
// on its box channels at object centres (CenterNet's weighting), with one gradient for the whole output.

public enum CenterNetLoss {
    /// output: (N, H', W', K + 4); one `CenterNetTargets` per image.
    public static func evaluate(_ output: Tensor, targets: [CenterNetTargets], classes: Int, boxWeight: Float = 0.1) -> LossResult {
        let (n, cells, channels) = (output.batch, output.shape[1], classes + 4)
        precondition(targets.count == n && output.shape[3] == channels, "output \(output.shape) for \(targets.count) targets of \(classes) classes")
        let positions = n * cells * cells
        var logits = [Float](), heatmap = [Float](), boxes = [Float](), boxTargets = [Float](), mask = [Float]()
        logits.reserveCapacity(positions * classes)
        boxes.reserveCapacity(positions * 4)
        output.scalars.withUnsafeBufferPointer { values in
            for position in 0..<positions {
                let base = position * channels
                logits += values[base..<base + classes]
                boxes += values[base + classes..<base + channels]
            }
        }
        for target in targets {
            heatmap += target.heatmap
            boxTargets += target.regression
            mask += target.mask
        }
        let focal = FocalLoss.evaluate(logits: Tensor(shape: [n, cells, cells, classes], scalars: logits),
                                       targets: Tensor(shape: [n, cells, cells, classes], scalars: heatmap))
        let l1 = MaskedL1Loss.evaluate(predictions: Tensor(shape: [n, cells, cells, 4], scalars: boxes),
                                       targets: Tensor(shape: [n, cells, cells, 4], scalars: boxTargets),
                                       mask: Tensor(shape: [n, cells, cells, 4], scalars: mask),
                                       normalizer: targets.reduce(0) { $0 + $1.objects })
        let gradient = Tensor(shape: output.shape) { d in
            for position in 0..<positions {
                for k in 0..<classes { d[position * channels + k] = focal.gradient.scalars[position * classes + k] }
                for j in 0..<4 { d[position * channels + classes + j] = boxWeight * l1.gradient.scalars[position * 4 + j] }
            }
        }
        return LossResult(loss: focal.loss + boxWeight * l1.loss, gradient: gradient)
    }
}
