// Detector figures for scripts/bench-detect, as one JSON object: Loupe's detector trained on a fixed
// generated set (one thread, then all cores for speed), its validation detections as COCO results,
// inference speed, and the labelling-effort simulation (label k, train, propose on the rest: the
// share of true boxes a suggestion matches at IoU ≥ 0.7). It also writes the exact inputs and
// targets it trained on, for the PyTorch reference to train on the same.
// usage: loupe-bench --detect TRAIN_DIR VALIDATION_DIR --out DIR [--input 160] [--epochs 20]
import Domain
import Foundation
import Imaging
import Tensor
import Training

struct DetectionBenchSet {
    var ids: [Int] = [], sizes: [(width: Int, height: Int)] = [], letterboxes: [Letterbox] = []
    var part = DetectionDataset.Part()
    var jpegs: [[UInt8]] = []

    /// A `loupe demo generate` directory: its COCO file and JPEGs, letterboxed into `side`.
    init(directory: String, side: Int) throws {
        let root = URL(fileURLWithPath: directory)
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("annotations.coco.json"))) as! [String: Any]
        var boxes: [Int: [DetectionBox]] = [:]
        for annotation in document["annotations"] as! [[String: Any]] {
            let b = (annotation["bbox"] as! [NSNumber]).map(\.floatValue)
            boxes[annotation["image_id"] as! Int, default: []].append(DetectionBox(
                classIndex: (annotation["category_id"] as! Int) - 1, x: b[0], y: b[1], width: b[2], height: b[3]))
        }
        for image in document["images"] as! [[String: Any]] {
            let (id, width, height) = (image["id"] as! Int, image["width"] as! Int, image["height"] as! Int)
            let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent(image["file_name"] as! String)))
            let letterbox = Letterbox(imageWidth: width, imageHeight: height, side: side)
            ids.append(id)
            sizes.append((width, height))
            letterboxes.append(letterbox)
            jpegs.append(bytes)
            part.pixels.append(try SampleLoader.letterboxed(bytes, letterbox))
            part.boxes.append((boxes[id] ?? []).map(letterbox.toInput))
            part.imageIDs.append(Int64(id))
        }
    }

    func slice(_ range: Range<Int>) -> DetectionDataset.Part {
        DetectionDataset.Part(pixels: Array(part.pixels[range]), boxes: Array(part.boxes[range]), imageIDs: Array(part.imageIDs[range]))
    }
}

enum DetectionBench {
    static let classes = (0..<10).map(String.init)

    static func plan(side: Int, epochs: Int) throws -> TrainingPlan {
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data("""
            {"architecture":"detector","input_size":\(side),"conv_channels":[16,32,32,64],"width":32,"epochs":\(epochs),
             "patience":\(epochs),"batch_size":16,"learning_rate":0.002,"augment":false}
            """.utf8))
        return TrainingPlan(config)
    }

    static func run(train trainDirectory: String, validation validationDirectory: String, out: String, side: Int, epochs: Int,
                    effort: Bool = true) throws -> [String: Any] {
        let outDirectory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)
        let train = try DetectionBenchSet(directory: trainDirectory, side: side)
        let validation = try DetectionBenchSet(directory: validationDirectory, side: side)
        let data = DetectionDataset(side: side, classNames: classes, train: train.part, validation: validation.part)
        let plan = try plan(side: side, epochs: epochs)
        try dumpForReference(data, plan: plan, validation: validation, to: outDirectory)

        // Quality and one-thread speed: the whole schedule on one thread.
        BLAS.threads = 1
        var rates: [Double] = []
        let trained = try DetectorTrainer(plan: plan).train(data, report: { rates.append($0.samplesPerSecond) }, checkpoint: { _ in })
        let file = ModelFile(network: trained.network, labels: classes, normalization: trained.normalization)
        try Data(file.encoded()).write(to: outDirectory.appendingPathComponent("detector.loupe"))
        let detector = try Detector(ModelFile(decoding: file.encoded()))
        let found = detector.detect(validation.part.pixels, scoreThreshold: 0.05, topK: 100)
        try writeResults(found, of: validation, to: outDirectory.appendingPathComponent("loupe-results.json"))
        let oneThreadInference = imagesPerSecond(detector, validation.part.pixels)

        // All cores: two epochs for speed.
        BLAS.configureThreadsFromEnvironment()
        let cores = BLAS.threads
        var shortPlan = plan
        shortPlan.epochs = 2
        var allCoreRates: [Double] = []
        _ = try DetectorTrainer(plan: shortPlan).train(data, report: { allCoreRates.append($0.samplesPerSecond) }, checkpoint: { _ in })
        let allCoreInference = imagesPerSecond(detector, validation.part.pixels)

        return ["epochs": epochs, "side": side, "train_images": train.ids.count, "validation_images": validation.ids.count,
                "own_ap50": trained.ap50, "own_ap": trained.ap,
                "samples_per_second_one_thread": rates.dropFirst().reduce(0, +) / Double(max(rates.count - 1, 1)),
                "samples_per_second_all_cores": allCoreRates.last ?? 0, "cores": cores,
                "inference_images_per_second_one_thread": oneThreadInference, "inference_images_per_second_all_cores": allCoreInference,
                "labelling_effort": effort ? try labellingEffort(train, validation: validation.part, side: side, epochs: epochs) : []]
    }

    static func imagesPerSecond(_ detector: Detector, _ pixels: [[UInt8]]) -> Double {
        _ = detector.detect(Array(pixels.prefix(16)))
        let started = DispatchTime.now().uptimeNanoseconds
        _ = detector.detect(pixels)
        return Double(pixels.count) / (Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
    }

    /// Label the first k images, train (at least 3,000 samples seen, so small sets get the steps a
    /// user's default job would give them), propose boxes on the rest at the predict job's threshold,
    /// and count the true boxes a proposal of the same class overlaps at IoU ≥ 0.7 (one each, best
    /// score first): those an annotator would accept unchanged.
    static func labellingEffort(_ pool: DetectionBenchSet, validation: DetectionDataset.Part, side: Int, epochs: Int) throws -> [[String: Double]] {
        try [25, 50, 100, 200].filter { $0 < pool.ids.count }.map { k in
            var plan = try plan(side: side, epochs: max(epochs, 3000 / k))
            plan.patience = plan.epochs
            let data = DetectionDataset(side: side, classNames: classes, train: pool.slice(0..<k), validation: validation)
            let trained = try DetectorTrainer(plan: plan).train(data, report: { _ in }, checkpoint: { _ in })
            let detector = try Detector(ModelFile(decoding: ModelFile(network: trained.network, labels: classes, normalization: trained.normalization).encoded()))
            let rest = pool.slice(k..<pool.ids.count)
            var matched = 0, truths = 0
            for (proposed, boxes) in zip(detector.detect(rest.pixels, scoreThreshold: 0.3, topK: 100), rest.boxes) {
                truths += boxes.count
                var taken = [Bool](repeating: false, count: boxes.count)
                for box in proposed {
                    if let i = boxes.indices.first(where: { !taken[$0] && boxes[$0].classIndex == box.classIndex && boxes[$0].iou(box) >= 0.7 }) {
                        taken[i] = true
                        matched += 1
                    }
                }
            }
            return ["k": Double(k), "epochs": Double(plan.epochs), "share_matched_iou70": Double(matched) / Double(max(truths, 1)),
                    "validation_ap50": trained.ap50]
        }
    }

    static func writeResults(_ found: [[DetectionBox]], of set: DetectionBenchSet, to url: URL) throws {
        var results: [[String: Any]] = []
        for (index, boxes) in found.enumerated() {
            for box in boxes {
                let b = set.letterboxes[index].toImage(box)
                results.append(["image_id": set.ids[index], "category_id": box.classIndex + 1,
                                "bbox": [b.x, b.y, b.width, b.height].map(Double.init), "score": Double(box.score)])
            }
        }
        try JSONSerialization.data(withJSONObject: results).write(to: url)
    }

    /// The exact inputs, targets and normalisation Loupe trains on, and how validation inputs map back
    /// to image pixels, as raw little-endian arrays and a JSON description.
    static func dumpForReference(_ data: DetectionDataset, plan: TrainingPlan, validation: DetectionBenchSet, to directory: URL) throws {
        func write<T>(_ values: [T], _ name: String) throws {
            try values.withUnsafeBytes { try Data($0).write(to: directory.appendingPathComponent(name)) }
        }
        try write(data.train.pixels.flatMap { $0 }, "train_pixels.u8")
        try write(data.validation.pixels.flatMap { $0 }, "validation_pixels.u8")
        let targets = data.train.boxes.map { CenterNetTargets(boxes: $0, side: data.side, stride: plan.outputStride, classes: classes.count) }
        try write(targets.flatMap(\.heatmap), "train_heatmap.f32")
        try write(targets.flatMap(\.regression), "train_regression.f32")
        try write(targets.flatMap(\.mask), "train_mask.f32")
        let normalization = Normalization.fitted(to: data.train.pixels, channels: 3)
        let meta: [String: Any] = [
            "side": data.side, "stride": plan.outputStride, "classes": classes.count, "train": data.train.count,
            "validation": data.validation.count, "epochs": plan.epochs, "batch_size": plan.batchSize,
            "learning_rate": Double(plan.learningRate), "conv_channels": plan.convChannels, "head_width": plan.width,
            "mean": normalization.mean.map(Double.init), "std": normalization.std.map(Double.init),
            "validation_ids": validation.ids,
            "validation_letterbox": validation.letterboxes.map { [$0.left, $0.top, $0.scaledWidth, $0.scaledHeight, $0.imageWidth, $0.imageHeight] },
        ]
        try JSONSerialization.data(withJSONObject: meta, options: [.sortedKeys]).write(to: directory.appendingPathComponent("meta.json"))
    }
}
