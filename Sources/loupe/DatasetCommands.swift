// `loupe export FORMAT --project ID > file` and `loupe import FORMAT --project ID FILE`: the API's
// exports and imports for the data team's scripts and cron jobs, run against the data directory.
import ArgumentParser
import Domain
import Foundation
import LoupeApp
import Store
import Web

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a project (or a snapshot) to standard output: coco (JSON), or yolo, voc, cvat, label-studio (zip).")

    @OptionGroup var dataDir: DataDirOptions
    @Argument(help: "coco, yolo, voc, cvat or label-studio.") var format: String
    @Option(help: "The project's id.") var project: Int64
    @Option(help: "A snapshot's name or id (default: the live project).") var snapshot: String?
    @Option(help: "Only images in these states, comma-separated (new, in_progress, submitted, accepted, rejected).") var status: String?
    @Option(help: "original: put the image files in the zip; none: labels only.") var images = "original"
    @Option(help: "Which sides of the split: train, val, or train,val.") var splits = "train,val"
    @Option(help: "The share of images in val (the trainer's stable hash).") var valFraction = 0.2
    @Option(help: "YOLO: detect (boxes) or segment (polygons).") var task = "detect"

    func run() throws {
        let database = try dataDir.openDatabase()
        guard let found = try database.project(id: project) else { throw ValidationError("No project has id \(project).") }
        var snapshotID: Int64?
        if let snapshot {
            guard let frozen = try database.snapshot(projectID: project, reference: snapshot) else { throw ValidationError("No snapshot '\(snapshot)'.") }
            snapshotID = frozen.id
        }
        let statuses = try (status ?? "").split(separator: ",").map { raw in
            guard let status = ImageStatus(rawValue: String(raw)) else { throw ValidationError("Unknown status '\(raw)'.") }
            return status
        }
        let output = FileHandle.standardOutput
        let write: ([UInt8]) throws -> Void = { try output.write(contentsOf: $0) }
        if format == "coco" {
            try COCOExport.write(from: database, projectID: project, snapshotID: snapshotID, statuses: statuses,
                                 description: "Loupe project \(found.name)", version: snapshot ?? "live", to: write)
            return
        }
        guard let chosen = ExportFormat(rawValue: format) else {
            throw ValidationError("Unknown format '\(format)': coco, \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard let yoloTask = YOLOWriter.Task(rawValue: task) else { throw ValidationError("--task is detect or segment.") }
        guard ["original", "none"].contains(images) else { throw ValidationError("--images is original or none.") }
        let sides = try splits.split(separator: ",").map { raw in
            guard let side = DatasetSplit(rawValue: String(raw)) else { throw ValidationError("--splits is train, val, or train,val.") }
            return side
        }
        var options = DatasetExport.Options(snapshotID: snapshotID)
        options.statuses = statuses
        options.splits = sides
        options.validationFraction = valFraction
        options.includeImages = images == "original"
        try DatasetExport.write(from: database, projectID: project, options: options,
                                writer: chosen.writer(task: yoloTask, splits: sides, projectName: found.name),
                                files: try dataDir.files(), to: write)
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a file (or a zip of it and its images) into a project and print the report as JSON.")

    @OptionGroup var dataDir: DataDirOptions
    @Argument(help: "coco, yolo, voc, cvat, label-studio or via.") var format: String
    @Option(help: "The project's id.") var project: Int64
    @Argument(help: "The file, or - for standard input.") var file: String
    @Flag(help: "Check everything and report what would happen; change nothing.") var dryRun = false
    @Flag(help: "Refuse labels the project lacks instead of creating them.") var noCreateLabels = false

    func run() throws {
        guard let chosen = ImportFormat(rawValue: format) else {
            throw ValidationError("Unknown format '\(format)': \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let database = try dataDir.openDatabase()
        guard try database.project(id: project) != nil else { throw ValidationError("No project has id \(project).") }
        let upload = file == "-" ? [UInt8](FileHandle.standardInput.readDataToEndOfFile()) : [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        let importer = DatasetImport(store: database, ingest: ImageIngest(store: database, files: try dataDir.files()))
        do {
            let (report, _) = try importer.run(chosen, upload: upload, projectID: project,
                                               options: ImportOptions(createLabels: !noCreateLabels, dryRun: dryRun), by: .commandLine)
            print(String(decoding: try StreamingJSONEncoder.encode(ImportReportDTO(report)), as: UTF8.self))
        } catch {
            // The API's message, with the file and place at fault.
            guard let client = error.clientError else { throw error }
            throw ValidationError((client.field.map { "\($0): " } ?? "") + client.message)
        }
    }
}
