// The formats an import reads, each with its reader and what a lone file (not a zip) is taken for.
import Domain

public enum ImportFormat: String, CaseIterable, Sendable {
    case coco, yolo, voc, cvat
    case labelStudio = "label-studio"
    case via

    public var title: String {
        switch self {
        case .coco: "COCO"
        case .yolo: "YOLO"
        case .voc: "Pascal VOC"
        case .cvat: "CVAT XML"
        case .labelStudio: "Label Studio JSON"
        case .via: "VIA"
        }
    }

    func read(_ files: some DatasetFiles) throws -> DatasetDocument {
        switch self {
        case .coco: try COCOReader.read(files)
        case .yolo: try YOLOReader.read(files)
        case .voc: try VOCReader.read(files)
        case .cvat: try CVATReader.read(files)
        case .labelStudio: try LabelStudioReader.read(files)
        case .via: try VIAReader.read(files)
        }
    }

    /// The name a lone uploaded file gets; nil when the format needs several files (YOLO).
    func singleFileName(_ body: [UInt8]) -> String? {
        switch self {
        case .coco: "annotations.json"
        case .yolo: nil
        case .voc: "annotation.xml"
        case .cvat: "annotations.xml"
        case .labelStudio: "tasks.json"
        case .via:
            // VIA writes JSON or CSV; JSON starts with `{` after any spaces.
            body.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) } == UInt8(ascii: "{") ? "via.json" : "via.csv"
        }
    }
}
