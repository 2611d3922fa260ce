// Every image of an export gets a name no other image has, stem included (YOLO and VOC name a
// label file after the stem): a clash keeps the first image's name and gives later ones `-<id>`.

public struct ExportFileNames {
    private var stems = Set<String>()

    public init() {}

    public mutating func name(for fileName: String, imageID: Int64) -> String {
        let stem = DatasetPath.stem(fileName)
        if stems.insert(stem.lowercased()).inserted { return fileName }
        stems.insert("\(stem)-\(imageID)".lowercased())
        return "\(stem)-\(imageID)\(fileName.dropFirst(stem.count))"
    }
}
