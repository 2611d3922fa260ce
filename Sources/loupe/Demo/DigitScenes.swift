// "Digits in photos": real handwritten digits (scikit-learn's 8×8 digits) drawn at random sizes onto
// random crops of real wallpapers, with each digit's exact box — a detection set anyone can make
// again from the same seed, for the demo project and the detector benchmark.
import Foundation
import Imaging
import Tensor

struct DigitScenes {
    struct Digit {
        let label: Int
        /// 64 intensities, 0…16, row by row.
        let values: [UInt8]
    }

    struct Box: Equatable {
        let label: Int
        let x: Int, y: Int, width: Int, height: Int
    }

    static let width = 320, height = 240

    let digits: [Digit]
    /// RGB, already reduced to a workable size.
    let backgrounds: [RasterImage]
    let seed: UInt64

    /// Reads scikit-learn's digits CSV: 64 values then the label, one digit per line.
    static func readDigits(csv path: String) throws -> [Digit] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").enumerated().map { line, row in
            let numbers = row.split(separator: ",").compactMap { UInt8($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == 65, numbers[64] < 10 else { throw DemoError("\(path), line \(line + 1): expected 64 values and a label 0–9") }
            return Digit(label: Int(numbers[64]), values: Array(numbers[0..<64]))
        }
    }

    /// Decodes each JPEG or PNG, reduced so its longest side is at most 1600 pixels.
    static func readBackgrounds(_ paths: [String]) throws -> [RasterImage] {
        try paths.map { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw DemoError("cannot read \(path)") }
            let bytes = [UInt8](data)
            return try Imaging.reduced(bytes, toFit: 1600, info: Imaging.inspect(bytes)).flattened()
        }
    }

    /// Scene `index`: the same for the same seed, whatever else is generated.
    func scene(_ index: Int) -> (image: RasterImage, boxes: [Box]) {
        var random = SeededGenerator(seed: seed &* 0x9E37_79B9 &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03 &+ 1)
        func uniform(_ low: Double, _ high: Double) -> Double { low + Double(random.nextUnit()) * (high - low) }
        func pick(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }
        let background = backgrounds[pick(backgrounds.count)]
        let cropWidth = uniform(0.25, 0.9) * min(Double(background.width), Double(background.height) * 4 / 3)
        let cropHeight = cropWidth * 3 / 4
        var image = background
            .cropped(x: uniform(0, Double(background.width) - cropWidth), y: uniform(0, Double(background.height) - cropHeight),
                     width: cropWidth, height: cropHeight)
            .areaResized(width: Self.width, height: Self.height)
        var boxes: [Box] = []
        let wanted = 1 + pick(4)
        for _ in 0..<(wanted * 10) where boxes.count < wanted {
            let side = Int(uniform(28, 72))
            let x = pick(Self.width - side), y = pick(Self.height - side)
            let margin = 4
            guard !boxes.contains(where: { x < $0.x + $0.width + margin && $0.x < x + side + margin
                                           && y < $0.y + $0.height + margin && $0.y < y + side + margin }) else { continue }
            let digit = digits[pick(digits.count)]
            if let box = draw(digit, into: &image, x: x, y: y, side: side, random: &random) { boxes.append(box) }
        }
        return (image, boxes)
    }

    /// Paints the digit's strokes (bilinear from 8×8, ink opaque where the digit is darkest) in a
    /// colour that stands out from what is under it; returns the box of the visible ink.
    private func draw(_ digit: Digit, into image: inout RasterImage, x: Int, y: Int, side: Int,
                      random: inout SeededGenerator) -> Box? {
        var luminance = 0.0
        for row in y..<(y + side) { for column in x..<(x + side) {
            let p = (row * image.width + column) * 3
            luminance += 0.299 * Double(image.pixels[p]) + 0.587 * Double(image.pixels[p + 1]) + 0.114 * Double(image.pixels[p + 2])
        } }
        let light = luminance / Double(side * side) < 110
        let ink = (0..<3).map { _ in light ? 200 + Double(random.nextUnit()) * 55 : Double(random.nextUnit()) * 60 }
        var (left, top, right, bottom) = (Int.max, Int.max, -1, -1)
        for row in 0..<side {
            for column in 0..<side {
                let value = Self.bilinear(digit.values, (Double(column) + 0.5) * 8 / Double(side) - 0.5, (Double(row) + 0.5) * 8 / Double(side) - 0.5)
                let alpha = min(1, value / 16 * 1.3)
                guard alpha > 0.02 else { continue }
                let p = ((y + row) * image.width + x + column) * 3
                for k in 0..<3 { image.pixels[p + k] = UInt8((Double(image.pixels[p + k]) * (1 - alpha) + ink[k] * alpha).rounded()) }
                if alpha >= 0.3 { (left, top, right, bottom) = (min(left, column), min(top, row), max(right, column), max(bottom, row)) }
            }
        }
        guard right >= left, bottom >= top else { return nil }
        return Box(label: digit.label, x: x + left, y: y + top, width: right - left + 1, height: bottom - top + 1)
    }

    private static func bilinear(_ values: [UInt8], _ u: Double, _ v: Double) -> Double {
        func at(_ column: Int, _ row: Int) -> Double {
            guard (0..<8).contains(column), (0..<8).contains(row) else { return 0 }
            return Double(values[row * 8 + column])
        }
        let (c0, r0) = (Int(u.rounded(.down)), Int(v.rounded(.down)))
        let (fu, fv) = (u - Double(c0), v - Double(r0))
        let top = at(c0, r0) * (1 - fu) + at(c0 + 1, r0) * fu
        let bottom = at(c0, r0 + 1) * (1 - fu) + at(c0 + 1, r0 + 1) * fu
        return top * (1 - fv) + bottom * fv
    }

    /// A COCO detection file for the scenes (file names scene-NNNN.jpg); only the `labelled` ones
    /// when given (an import changes every image its file names).
    static func coco(_ all: [(index: Int, boxes: [Box])], labelled: Set<Int>? = nil) throws -> [UInt8] {
        let scenes = all.filter { labelled?.contains($0.index) ?? true }
        var annotations: [[String: Any]] = []
        for scene in scenes {
            for box in scene.boxes {
                annotations.append(["id": annotations.count + 1, "image_id": scene.index + 1, "category_id": box.label + 1,
                                    "bbox": [box.x, box.y, box.width, box.height], "area": box.width * box.height, "iscrowd": 0])
            }
        }
        let document: [String: Any] = [
            "info": ["description": "Digits in photos (scikit-learn digits on Debian wallpapers)"],
            "images": scenes.map { ["id": $0.index + 1, "file_name": fileName($0.index), "width": width, "height": height] },
            "categories": (0..<10).map { ["id": $0 + 1, "name": "\($0)"] },
            "annotations": annotations,
        ]
        return [UInt8](try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]))
    }

    static func fileName(_ index: Int) -> String { String(format: "scene-%04d.jpg", index + 1) }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
