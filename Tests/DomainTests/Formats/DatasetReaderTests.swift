// Readers on files as other tools write them, and a clear fault, with its place, for bad ones.
@testable import Domain
import Foundation
import Testing

@Suite struct DatasetReaderTests {
    func files(_ entries: [String: String]) -> MemoryArchive {
        let archive = MemoryArchive()
        for name in entries.keys.sorted() { try! archive.add(name, Array(entries[name]!.utf8), compress: true) }
        return archive
    }

    func fault(_ body: () throws -> DatasetDocument) -> DatasetFormatError? {
        do { _ = try body(); return nil } catch let error as DatasetFormatError { return error } catch { return nil }
    }

    // MARK: - YOLO

    @Test func yoloReadsTheNameStylesOfDataYAML() throws {
        #expect(try YOLOReader.yamlNames("names: ['a', \"b\", c]\n", path: "d") == ["a", "b", "c"])
        #expect(try YOLOReader.yamlNames("nc: 2\nnames:\n  - cat\n  - 'it''s'\n", path: "d") == ["cat", "it's"])
        #expect(try YOLOReader.yamlNames("names:\n  0: person  # people\n  1: bicycle\npath: .\n", path: "d") == ["person", "bicycle"])
        #expect(throws: DatasetFormatError.self) { try YOLOReader.yamlNames("names:\n  0: a\n  2: b\n", path: "d") }
    }

    @Test func yoloLabelFilesWithDarknetClassesAndBadLines() throws {
        // Darknet's layout, as CVAT's YOLO 1.1 writes it: obj.names and .txt beside each image
        let darknet = files(["obj.names": "cat\ndog\n", "obj_train_data/x.txt": "1 0.5 0.5 0.2 0.2\n\n", "obj_train_data/x.jpg": "", "train.txt": "obj_train_data/x.jpg\n"])
        let document = try YOLOReader.read(darknet)
        #expect(document.images.map(\.archivePath) == ["obj_train_data/x.jpg"] && document.categories.map(\.name) == ["cat", "dog"])
        #expect(document.annotations.count == 1 && document.annotations[0].relative)
        // Faults name the file and line
        let yaml = "names: [cat]\n"
        #expect(fault { try YOLOReader.read(files(["data.yaml": yaml, "labels/a.txt": "0 0.5 0.5 0.1 0.1\n3 0.5 0.5 0.1 0.1\n"])) }
            == DatasetFormatError(path: "labels/a.txt:2", message: "Class 3, but the names list 1 classes (0–0)."))
        #expect(fault { try YOLOReader.read(files(["data.yaml": yaml, "labels/a.txt": "0 0.5 0.5 0.1\n"])) }?.path == "labels/a.txt:1")
        #expect(fault { try YOLOReader.read(files(["data.yaml": yaml, "labels/a.txt": "0 50 50 10 10\n"])) }?.message.contains("outside 0–1") == true)
        #expect(fault { try YOLOReader.read(files(["labels/a.txt": "0 0.5 0.5 0.1 0.1\n"])) }?.message == "No data.yaml (or classes.txt) names the classes.")
    }

    // MARK: - VOC

    @Test func vocAsLabelImgWritesIt() throws {
        let xml = """
            <annotation>
                <folder>images</folder><filename>dog.jpg</filename>
                <size><width>640</width><height>480</height><depth>3</depth></size>
                <object><name>dog</name><difficult>0</difficult><bndbox><xmin>48</xmin><ymin>240</ymin><xmax>195</xmax><ymax>371</ymax></bndbox></object>
                <object><name>person</name><bndbox><xmin>8</xmin><ymin>12</ymin><xmax>352</xmax><ymax>498</ymax></bndbox></object>
            </annotation>
            """
        let document = try VOCReader.read(files(["Annotations/dog.xml": xml, "JPEGImages/dog.jpg": ""]))
        #expect(FormatFixture.shapes(document) ["dog.jpg"] == ["box dog 48 240 147 131", "box person 8 12 344 486"])
        #expect(document.images[0].width == 640 && document.images[0].archivePath == "JPEGImages/dog.jpg")
        // Broken XML names its line; a box inside out is refused
        #expect(fault { try VOCReader.read(files(["Annotations/a.xml": "<annotation>\n<filename>a.jpg</filename>\n<object>\n</annotation>"])) }
            == DatasetFormatError(path: "Annotations/a.xml:4", message: "</annotation> where </object> was expected."))
        let inverted = xml.replacingOccurrences(of: "<xmax>195</xmax>", with: "<xmax>20</xmax>")
        #expect(fault { try VOCReader.read(files(["Annotations/dog.xml": inverted])) }?.message == "xmax must exceed xmin and ymax ymin.")
        // Two files an annotation could mean are a fault, not a guess
        #expect(fault { try VOCReader.read(files(["Annotations/dog.xml": xml, "a/dog.jpg": "", "b/dog.jpg": ""])) }?.message.contains("Several files") == true)
    }

    // MARK: - CVAT

    @Test func cvatSkipsWhatLoupeCannotHoldAndRefusesVideo() throws {
        let xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <annotations><version>1.1</version>
              <meta><task><labels><label><name>car</name></label><label><name>unused</name></label></labels></task></meta>
              <image id="0" name="frames/f1.png" width="100" height="80">
                <box label="car" occluded="0" xtl="1.5" ytl="2" xbr="30" ybr="40" z_order="0"><attribute name="color">red</attribute></box>
                <box label="car" xtl="1" ytl="2" xbr="30" ybr="40" rotation="15"></box>
                <points label="car" points="1,2"></points>
              </image>
            </annotations>
            """
        let document = try CVATReader.read(files(["annotations.xml": xml]))
        #expect(document.categories.map(\.name) == ["car", "unused"] && document.images[0].fileName == "f1.png")
        #expect(FormatFixture.shapes(document)["f1.png"] == ["box car 1.5 2 28.5 38"])
        #expect(document.skipped.map(\.path) == ["annotations.xml:6", "annotations.xml:7"])
        #expect(fault { try CVATReader.read(files(["annotations.xml": "<annotations><track id=\"0\" label=\"car\"></track></annotations>"])) }?
            .message.contains("CVAT for video") == true)
        #expect(fault { try CVATReader.read(files(["annotations.xml": "<annotations><image name=\"a.jpg\" width=\"10\"></image></annotations>"])) }?
            .message == "height is missing or not a positive whole number.")
    }

    // MARK: - Label Studio

    @Test func labelStudioTakesTheFirstAnnotationAndPredictedBoxes() throws {
        let json = """
            [{"id": 5, "data": {"image": "/data/upload/3/8f3a2b1c-robin%201.jpg"},
              "annotations": [{"was_cancelled": true, "result": []},
                              {"result": [{"type": "rectanglelabels", "value": {"x": 10, "y": 20, "width": 30, "height": 40, "rotation": 0, "rectanglelabels": ["robin"]}},
                                          {"type": "keypointlabels", "value": {"x": 1, "y": 1, "keypointlabels": ["robin"]}},
                                          {"type": "relation", "from_id": "a", "to_id": "b"}]},
                              {"result": []}],
              "predictions": [{"model_version": "yolo", "score": 0.8,
                               "result": [{"type": "rectanglelabels", "score": 0.6, "value": {"x": 0, "y": 0, "width": 50, "height": 50, "rectanglelabels": ["wren"]}}]}]}]
            """
        let document = try LabelStudioReader.read(files(["export.json": json]))
        #expect(document.images.map(\.fileName) == ["robin 1.jpg"])
        #expect(FormatFixture.shapes(document, sizes: ["robin 1.jpg": (100, 100)])["robin 1.jpg"] == ["box robin 10 20 30 40"])
        #expect(document.suggestions.count == 1 && document.suggestions[0].score == 0.6)
        #expect(document.skipped.map(\.path) == ["[0].annotations[1].result[1]", "[0].annotations[1].result[2]", "[0].annotations[2]"])
        #expect(fault { try LabelStudioReader.read(files(["a.json": #"[{"data": {"image": "a.jpg"}, "annotations": [{"result": [{"type": "choices", "value": {"choices": [3]}}]}]}]"#])) }?
            .path == "[0].annotations[0].result[0].value.choices[0]")
        #expect(fault { try LabelStudioReader.read(files(["a.json": "[{\"data\": {}}]"])) }?.path == "[0].data")
        #expect(fault { try LabelStudioReader.read(files(["a.json": "[{"])) }?.message == "The file is not valid JSON.")
    }

    // MARK: - VIA

    @Test func viaJSONAndCSVGiveTheSameShapes() throws {
        let json = """
            {"_via_settings": {}, "_via_img_metadata": {"cat.jpg123": {"filename": "cat.jpg", "size": 123, "file_attributes": {},
              "regions": [{"shape_attributes": {"name": "rect", "x": 5, "y": 6, "width": 7, "height": 8}, "region_attributes": {"species": "cat"}},
                          {"shape_attributes": {"name": "polygon", "all_points_x": [1, 9, 5], "all_points_y": [1, 1, 9]}, "region_attributes": {"label": {"cat": true, "dog": false}}},
                          {"shape_attributes": {"name": "circle", "cx": 3, "cy": 3, "r": 2}, "region_attributes": {"label": "cat"}}]}}}
            """
        let csv = """
            filename,file_size,file_attributes,region_count,region_id,region_shape_attributes,region_attributes
            cat.jpg,123,"{}",3,0,"{""name"":""rect"",""x"":5,""y"":6,""width"":7,""height"":8}","{""species"":""cat""}"
            cat.jpg,123,"{}",3,1,"{""name"":""polygon"",""all_points_x"":[1,9,5],""all_points_y"":[1,1,9]}","{""label"":{""cat"":true,""dog"":false}}"
            cat.jpg,123,"{}",3,2,"{""name"":""circle"",""cx"":3,""cy"":3,""r"":2}","{""label"":""cat""}"
            empty.jpg,9,"{}",0,0,"{}","{}"

            """
        let fromJSON = try VIAReader.read(files(["via.json": json]))
        let fromCSV = try VIAReader.read(files(["via.csv": csv]))
        let expected = ["box cat 5 6 7 8", "polygon cat 1,1 9,1 5,9"]
        #expect(FormatFixture.shapes(fromJSON)["cat.jpg"] == expected && FormatFixture.shapes(fromCSV)["cat.jpg"] == expected)
        #expect(fromCSV.images.map(\.fileName) == ["cat.jpg", "empty.jpg"] && fromJSON.skipped.count == 1 && fromCSV.skipped.count == 1)
        let unlabelled = csv.replacingOccurrences(of: #""{""species"":""cat""}""#, with: #""{}""#)
        #expect(fault { try VIAReader.read(files(["via.csv": unlabelled])) }?.path == "via.csv:2.region_attributes")
        #expect(fault { try VIAReader.read(files(["via.csv": "a,b\n\"x"])) }?.message == "A quoted field is not closed.")
    }

    // MARK: - Several files

    @Test func subsetsWrittenAsSeveralFilesReadAsOne() throws {
        // CVAT as Datumaro writes it: one XML per subset
        let train = "<annotations><meta><task><labels><label><name>car</name></label></labels></task></meta>"
            + "<image name='a.jpg' width='10' height='10'><box label='car' xtl='1' ytl='1' xbr='5' ybr='5'/></image></annotations>"
        let val = "<annotations><image name='b.jpg' width='10' height='10'><tag label='night'/></image></annotations>"
        let cvat = try CVATReader.read(files(["train.xml": train, "val.xml": val]))
        #expect(cvat.images.map(\.fileName) == ["a.jpg", "b.jpg"] && cvat.categories.map(\.name) == ["car", "night"])
        // COCO as Datumaro writes it: a file per subset, each numbering its images and categories from 1
        let a = #"{"categories":[{"id":1,"name":"car"}],"images":[{"id":1,"file_name":"a.jpg"}],"annotations":[{"image_id":1,"category_id":1,"bbox":[1,1,2,2]}]}"#
        let b = #"{"categories":[{"id":1,"name":"bus"}],"images":[{"id":1,"file_name":"b.jpg"}],"annotations":[{"image_id":1,"category_id":1,"bbox":[1,1,3,3]}]}"#
        let coco = try COCOReader.read(files(["annotations/instances_train.json": a, "annotations/instances_val.json": b]))
        #expect(FormatFixture.shapes(coco) == ["a.jpg": ["box car 1 1 2 2"], "b.jpg": ["box bus 1 1 3 3"]])
        // A fault names the file it is in; an image in two files is described twice
        let broken = b.replacingOccurrences(of: "[1,1,3,3]", with: "[1,1,3]")
        #expect(fault { try COCOReader.read(files(["t.json": a, "v.json": broken])) }?.path == "v.json: annotations[0].bbox")
        #expect(fault { try COCOReader.read(files(["t.json": a, "v.json": a])) }?.message == "'a.jpg' is described twice; keep one.")
    }
}
