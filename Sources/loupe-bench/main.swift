// Tensor-core figures for scripts/bench-tensor, printed as one JSON object:
// sgemm through Tensor.matmul beside a direct cblas_sgemm call, and training throughput of the
// benchmark's MLP (digits) and CNN (32×32×3) with one thread.
// usage: loupe-bench --digits Tests/TensorTests/Fixtures/digits.csv [--only gemm|mlp|cnn]  (--only: for profiling)
//        loupe-bench --digits … --active-learning   (scripts/bench-active-learning)
//        loupe-bench --detect TRAIN VALIDATION --out DIR   (scripts/bench-detect; DetectionBench.swift)
//        loupe-bench --claims STORE --jobs N --trainers K   (scripts/bench-claims; ClaimBench.swift)
import COpenBLAS
import Foundation
import Imaging
import Tensor

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Best of `rounds`, so one scheduler hiccup does not decide the figure.
func best(_ rounds: Int, _ body: () -> Double) -> Double {
    (0..<rounds).map { _ in body() }.max()!
}

func gemmFigures() -> [[String: Double]] {
    var rows: [[String: Double]] = []
    for threads in [1, 2] {
        BLAS.threads = threads
        for size in [256, 512, 1024, 2048] {
            var generator = SeededGenerator(seed: UInt64(size))
            let a = Tensor(shape: [size, size], scalars: (0..<size * size).map { _ in generator.nextUnit() })
            let b = Tensor(shape: [size, size], scalars: (0..<size * size).map { _ in generator.nextUnit() })
            var c = [Float](repeating: 0, count: size * size)
            let flops = 2 * pow(Double(size), 3)
            // About 4 GFLOP per measurement at every size: a few milliseconds would time the scheduler.
            let repeats = max(1, (2048 / size) * (2048 / size) * (2048 / size) / 4)
            var tensorBest = 0.0, directBest = 0.0
            let measureTensor = {
                tensorBest = max(tensorBest, flops * Double(repeats) / seconds {
                    for _ in 0..<repeats { _ = Tensor.matmul(a, b) }
                } / 1e9)
            }
            let measureDirect = {
                directBest = max(directBest, flops * Double(repeats) / seconds {
                    for _ in 0..<repeats {
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(size), blasint(size), blasint(size),
                                    1, a.scalars, blasint(size), b.scalars, blasint(size), 0, &c, blasint(size))
                    }
                } / 1e9)
            }
            // Best of 5, in turn A B B A B …, so neither always goes first after a size change, and a
            // burst of load from another process on the shared cores hits both alike.
            for round in 0..<5 {
                if round % 2 == 0 { measureTensor(); measureDirect() } else { measureDirect(); measureTensor() }
            }
            rows.append(["threads": Double(threads), "size": Double(size), "tensor_gflops": tensorBest, "direct_gflops": directBest])
        }
    }
    return rows
}

func loadDigits(_ path: String) throws -> (Tensor, [Int]) {
    var pixels: [Float] = [], labels: [Int] = []
    for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
        let values = line.split(separator: ",").compactMap { Int($0) }
        guard values.count == 65 else { continue }
        pixels += values.prefix(64).map { Float($0) / 16 }
        labels.append(values[64])
    }
    return (Tensor(shape: [labels.count, 8, 8, 1], scalars: pixels), labels)
}

/// Samples per second over `epochs` passes in batches of 64 (SGD, momentum 0.9), best of 3 runs.
func trainingThroughput(_ architecture: Architecture, x: Tensor, labels: [Int], epochs: Int) -> Double {
    best(3) {
        let network = Network(architecture: architecture, seed: 1)
        let optimizer = SGD(learningRate: 0.01, momentum: 0.9)
        let batches = stride(from: 0, to: x.batch, by: 64).map { start in
            let range = start..<min(start + 64, x.batch)
            return (x.rows(range), Array(labels[range]))
        }
        let elapsed = seconds {
            for _ in 0..<epochs {
                for (input, targets) in batches { network.trainStep(input, labels: targets, optimizer: optimizer) }
            }
        }
        return Double(x.batch * epochs) / elapsed
    }
}

let arguments = CommandLine.arguments
if let claims = arguments.firstIndex(of: "--claims"), claims + 1 < arguments.count {
    let option = { (name: String, fallback: Int) in arguments.firstIndex(of: name).flatMap { Int(arguments[$0 + 1]) } ?? fallback }
    let report = try ClaimBench.run(location: arguments[claims + 1], jobs: option("--jobs", 2000), trainers: option("--trainers", 4))
    print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
    exit(report["claimed_exactly_once"] as? Bool == true ? 0 : 1)
}
if let detect = arguments.firstIndex(of: "--detect"), detect + 2 < arguments.count, let out = arguments.firstIndex(of: "--out") {
    Imaging.tuneAllocatorForRepeatedDecodes()
    let option = { (name: String, fallback: Int) in arguments.firstIndex(of: name).flatMap { Int(arguments[$0 + 1]) } ?? fallback }
    let report = try DetectionBench.run(train: arguments[detect + 1], validation: arguments[detect + 2], out: arguments[out + 1],
                                        side: option("--input", 160), epochs: option("--epochs", 20),
                                        effort: !arguments.contains("--skip-effort"))
    print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
    exit(0)
}
guard let flag = arguments.firstIndex(of: "--digits"), flag + 1 < arguments.count else {
    FileHandle.standardError.write(Data("usage: loupe-bench --digits PATH\n".utf8))
    exit(2)
}
// As in loupe-trainer: reuse freed activation buffers instead of faulting in fresh zeroed pages each step.
Imaging.tuneAllocatorForRepeatedDecodes()
if arguments.contains("--active-learning") {
    // Digits as flat 8×8 images for the simulation; see ActiveLearningSimulation.swift.
    let (digitImages, digitClasses) = try loadDigits(arguments[flag + 1])
    let flat = (0..<digitImages.batch).map { Array(digitImages.rows($0..<$0 + 1).scalars) }
    BLAS.threads = 1
    let strategies = ActiveLearningSimulation(images: flat, labels: digitClasses).report()
    BLAS.configureThreadsFromEnvironment()
    let report: [String: Any] = ["strategies": strategies, "scoring_images_per_second": scoringThroughput(),
                                 "scoring_threads": BLAS.threads]
    print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
    exit(0)
}
let only = arguments.firstIndex(of: "--only").map { arguments[$0 + 1] }
func wanted(_ part: String) -> Bool { only == nil || only == part }
let gemm = wanted("gemm") ? gemmFigures() : []
BLAS.threads = 1
let (digits, digitLabels) = try loadDigits(arguments[flag + 1])
let mlp = !wanted("mlp") ? 0 : trainingThroughput(Architecture(kind: .mlp, inputHeight: 8, inputWidth: 8, inputChannels: 1, classes: 10,
                                          hiddenWidths: [128]), x: digits, labels: digitLabels, epochs: 20)
var generator = SeededGenerator(seed: 7)
let images = Tensor(shape: [512, 32, 32, 3], scalars: (0..<512 * 32 * 32 * 3).map { _ in generator.nextNormal() })
let cnnArchitecture = Architecture(kind: .cnn, inputHeight: 32, inputWidth: 32, inputChannels: 3, classes: 10, convChannels: [16, 32])
let cnn = !wanted("cnn") ? 0 : trainingThroughput(cnnArchitecture, x: images, labels: (0..<512).map { $0 % 10 }, epochs: 2)
// The same with two threads: the batch split over the cores (BatchParallel), as the trainer runs.
BLAS.threads = 2
let cnnTwoThreads = !wanted("cnn") ? 0 : trainingThroughput(cnnArchitecture, x: images, labels: (0..<512).map { $0 % 10 }, epochs: 2)
BLAS.threads = 1
let report: [String: Any] = ["gemm": gemm, "mlp_samples_per_second": mlp, "cnn_samples_per_second": cnn,
                             "cnn_two_threads_samples_per_second": cnnTwoThreads]
print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
