// The zip formats an export writes, and the writer for each.
import Domain

public enum ExportFormat: String, CaseIterable, Sendable {
    case yolo, voc, cvat
    case labelStudio = "label-studio"

    public func writer(task: YOLOWriter.Task, splits: [DatasetSplit], projectName: String) -> any DatasetWriter {
        switch self {
        case .yolo: YOLOWriter(task: task, splits: splits)
        case .voc: VOCWriter()
        case .cvat: CVATWriter(projectName: projectName, splits: splits)
        case .labelStudio: LabelStudioWriter()
        }
    }
}
