// `loupe demo generate` writes the "Digits in photos" detection set as files (JPEGs and a COCO file);
// `loupe demo install` puts it into a data directory as a project, some images labelled and
// accepted, the rest open, so a newcomer can train a detector and see boxes proposed at once.
import ArgumentParser
import Domain
import FileStore
import Foundation
import Imaging
import LoupeApp
import Store

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "The \"Digits in photos\" demo detection set.", subcommands: [Generate.self, Install.self])

    struct Sources: ParsableArguments {
        @Option(help: "scikit-learn's digits as CSV (64 values, then the label, per line).") var digits: String
        @Option(help: "Photographs to place the digits on (JPEG or PNG), one option per file.") var background: [String]
        @Option(help: "Scenes to make.") var images = 300
        @Option(help: "The same seed makes the same scenes.") var seed = 7

        func scenes() throws -> DigitScenes {
            guard !background.isEmpty else { throw ValidationError("Give at least one --background photograph.") }
            guard images > 0 else { throw ValidationError("--images must be at least 1.") }
            return DigitScenes(digits: try DigitScenes.readDigits(csv: digits), backgrounds: try DigitScenes.readBackgrounds(background),
                               seed: UInt64(bitPattern: Int64(seed)))
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the scenes as JPEGs and their boxes as annotations.coco.json.")
        @OptionGroup var sources: Sources
        @Option(help: "Directory to write into (created).") var out: String
        @Option(help: "Scene to start from (a second set that does not overlap the first).") var first = 0

        func run() throws {
            let scenes = try sources.scenes()
            let directory = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var made: [(index: Int, boxes: [DigitScenes.Box])] = []
            for index in first..<(first + sources.images) {
                let (image, boxes) = scenes.scene(index)
                try Data(try Imaging.encodeJPEG(image, quality: 92)).write(to: directory.appendingPathComponent(DigitScenes.fileName(index)))
                made.append((index, boxes))
            }
            try Data(try DigitScenes.coco(made)).write(to: directory.appendingPathComponent("annotations.coco.json"))
            print("\(made.count) scenes with \(made.reduce(0) { $0 + $1.boxes.count }) digits written to \(out)")
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the project \"Digits in photos\" in a data directory (the stack may be stopped or running).")
        @OptionGroup var dataDir: DataDirOptions
        @OptionGroup var sources: Sources
        @Option(help: "How many scenes come labelled (boxes drawn and accepted); the rest are open.") var labelled = 60

        static let projectName = "Digits in photos"

        func run() throws {
            let scenes = try sources.scenes()
            let database = try dataDir.openDatabase()
            let who = Attribution.commandLine
            let project: Project
            do {
                project = try database.createProject(
                    name: Self.projectName,
                    description: "Handwritten digits on photographs. \(labelled) images are labelled: train a detector on the Training page, then let it propose boxes on the rest.",
                    by: who)
            } catch StoreError.duplicate {
                print("A project named \"\(Self.projectName)\" exists already; nothing changed.")
                return
            }
            for digit in 0..<10 {
                _ = try database.createLabel(projectID: project.id, name: "\(digit)", color: LabelPalette.color(at: digit),
                                             hotkey: digit == 0 ? nil : "\(digit)", by: who)
            }
            let ingest = ImageIngest(store: database, files: try dataDir.files())
            var newImages: [NewImage] = [], made: [(index: Int, boxes: [DigitScenes.Box])] = []
            for index in 0..<sources.images {
                let (image, boxes) = scenes.scene(index)
                newImages.append(try ingest.prepare(try Imaging.encodeJPEG(image, quality: 92), fileName: DigitScenes.fileName(index), projectID: project.id))
                made.append((index, boxes))
            }
            let document = try COCOReader.read(try DigitScenes.coco(made, labelled: Set(0..<min(labelled, sources.images))))
            let newByName = Dictionary(newImages.map { ($0.fileName, $0) }, uniquingKeysWith: { first, _ in first })
            let byImage = Dictionary(document.images.compactMap { image in newByName[image.fileName].map { (image.id, $0) } }, uniquingKeysWith: { first, _ in first })
            let summary = try database.importDataset(document, projectID: project.id, newImages: byImage, by: who)
            let described = Set(document.images.map(\.fileName))
            for new in newImages where !described.contains(new.fileName) { _ = try database.addImage(new, by: who) }
            for image in try database.images(projectID: project.id, status: nil, afterID: 0, limit: sources.images) {
                guard try !database.annotations(imageID: image.id).shapes.isEmpty else { continue }
                _ = try database.submitImage(id: image.id, expectedRevision: nil, by: who)
                _ = try database.reviewImage(id: image.id, decision: .accept, comment: "", by: who)
            }
            print("Demo project \"\(Self.projectName)\" (id \(project.id)): \(sources.images) images, "
                  + "\(min(labelled, sources.images)) labelled (accepted) with \(summary.shapes) boxes.")
        }
    }
}
