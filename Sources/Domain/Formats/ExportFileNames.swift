// Every image of an export gets a name no other image has, stem included (YOLO and VOC name a
// label file after the stem): a clash keeps the first image's name and gives later ones `-<id>`.

public struct ExportFileNames {
    private var stems = Set<String>()

    public init() {}

    public mutating func name(for fileName: String, imageID: Int64) -> String {
        let item = DatasetItem(imageID: imageID, fileName: fileName, width: 0, height: 0, split: .train, shapes: [], tags: [])
        if stems.insert(item.stem.lowercased()).inserted { return fileName }
        let suffix = String(fileName.dropFirst(item.stem.count))
        let renamed = "\(item.stem)-\(imageID)\(suffix)"
        stems.insert("\(item.stem)-\(imageID)".lowercased())
        return renamed
    }
}
