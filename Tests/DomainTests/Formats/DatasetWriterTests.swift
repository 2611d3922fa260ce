// Each writer's files for a small project, and a round trip through the matching reader.
import Domain
import Testing

@Suite struct DatasetWriterTests {
    let labels = FormatFixture.labels
    let items = FormatFixture.items

    @Test func yoloDetectWritesBoxesAsFractionsAndNamesTheClasses() throws {
        // When a project is written in YOLO's detect layout with its images
        let archive = try MemoryArchive.written(by: YOLOWriter(task: .detect, splits: [.train, .val]), labels: labels, items: items, image: [1, 2])
        // Then data.yaml names both splits and the classes in label order, quoted
        #expect(archive.text("data.yaml").contains("train: images/train\nval: images/val\nnc: 2\nnames:\n  0: 'robin'\n  1: 'wren & co'\n"))
        // And each image has its file and a label file; the polygon is its bounding box, the tag is left out
        #expect(archive.text("labels/train/a.txt") == "0 0.175 0.35 0.25 0.3\n1 0.625 0.35 0.25 0.5\n")
        #expect(archive.text("labels/val/b.txt") == "")
        #expect(archive.files["images/train/a.jpg"] == [1, 2] && archive.files["images/val/b.png"] == [1, 2])
        // And the reader gets the same boxes back, the background image included
        let document = try YOLOReader.read(archive)
        #expect(FormatFixture.shapes(document) == ["a.jpg": ["box robin 10 20 50 30", "box wren & co 100 10 50 50"], "b.png": []])
        #expect(document.images.map(\.archivePath) == ["images/train/a.jpg", "images/val/b.png"])
    }

    @Test func yoloSegmentWritesPolygonsAndBoxesAsCorners() throws {
        let archive = try MemoryArchive.written(by: YOLOWriter(task: .segment, splits: [.train]), labels: labels, items: [items[0]])
        #expect(archive.text("labels/train/a.txt") == "0 0.05 0.2 0.3 0.2 0.3 0.5 0.05 0.5\n1 0.5 0.1 0.75 0.1 0.6 0.6\n")
        #expect(archive.text("data.yaml").contains("train: images/train\nval: images/train\n"), "one split: val reads the same folder")
        // Without images in the upload, each label file asks for the project's image with its stem
        let document = try YOLOReader.read(archive)
        #expect(document.images.map(\.fileName) == ["a"] && document.images[0].matchesStem)
        #expect(FormatFixture.shapes(document, sizes: ["a": (200, 100)])["a"] == ["polygon robin 10,20 60,20 60,50 10,50", "polygon wren & co 100,10 150,10 120,60"])
    }

    @Test func vocWritesAnXMLPerImageWithImageSetsAndALabelMap() throws {
        let archive = try MemoryArchive.written(by: VOCWriter(), labels: labels, items: items, image: [1])
        let xml = archive.text("Annotations/a.xml")
        #expect(xml.contains("<filename>a.jpg</filename>") && xml.contains("<size><width>200</width><height>100</height><depth>3</depth></size>"))
        #expect(xml.contains("<name>wren &amp; co</name>"))
        #expect(xml.contains("<bndbox><xmin>10</xmin><ymin>20</ymin><xmax>60</xmax><ymax>50</ymax></bndbox>"))
        #expect(archive.text("ImageSets/Main/train.txt") == "a\n" && archive.text("ImageSets/Main/val.txt") == "b\n")
        #expect(archive.text("ImageSets/Main/wren & co_train.txt") == "a  1\n" && archive.text("ImageSets/Main/robin_val.txt") == "b -1\n")
        #expect(archive.text("labelmap.txt").contains("robin:229,72,77::\nwren & co:62,99,221::\n"))
        let document = try VOCReader.read(archive)
        #expect(FormatFixture.shapes(document) == ["a.jpg": ["box robin 10 20 50 30", "box wren & co 100 10 50 50", "tag wren & co"], "b.png": []])
        #expect(document.images.map(\.width) == [200, 64] && document.images.map(\.archivePath) == ["JPEGImages/a.jpg", "JPEGImages/b.png"])
    }

    @Test func cvatWritesOneXMLWithEveryShape() throws {
        let archive = try MemoryArchive.written(by: CVATWriter(projectName: "Birds <1>"), labels: labels, items: items, image: [1])
        let xml = archive.text("annotations.xml")
        #expect(xml.contains("<name>Birds &lt;1&gt;</name>") && xml.contains("<label><name>wren &amp; co</name><color>#3e63dd</color>"))
        #expect(xml.contains(#"<image id="0" name="a.jpg" subset="train" width="200" height="100">"#))
        #expect(xml.contains(#"<box label="robin" source="manual" occluded="0" xtl="10" ytl="20" xbr="60" ybr="50" z_order="0"></box>"#))
        #expect(xml.contains(#"points="100,10;150,10;120,60""#) && xml.contains(#"<tag label="wren &amp; co" source="manual"></tag>"#))
        #expect(archive.order.last == "images/b.png", "images follow the one XML file")
        let document = try CVATReader.read(archive)
        #expect(FormatFixture.shapes(document) == ["a.jpg": ["box robin 10 20 50 30", "polygon wren & co 100,10 150,10 120,60", "tag wren & co"], "b.png": []])
    }

    @Test func cvatAndVOCCarryALabelsAttributesWithDefaultsFilledIn() throws {
        // Given a label with attributes and a box that set two of them
        let specs = [AttributeSpec(name: "occluded", kind: .boolean), AttributeSpec(name: "truncated", kind: .boolean),
                     AttributeSpec(name: "colour", kind: .choice, options: ["red", "blue & grey"]),
                     AttributeSpec(name: "people", kind: .number, min: 0, max: 8)]
        let labels = [DatasetLabel(id: 7, name: "car", color: "#e5484d", attributes: specs)]
        let items = [DatasetItem(imageID: 1, fileName: "a.jpg", width: 200, height: 100, split: .train,
                                 shapes: [.box(labelID: 7, x: 10, y: 20, width: 50, height: 30,
                                               attributes: ["occluded": .bool(true), "colour": .text("blue & grey")])], tags: [])]
        // When CVAT is written, the meta lists the attributes (occluded is CVAT's own flag) and the box holds its values
        let cvat = try MemoryArchive.written(by: CVATWriter(projectName: "Cars"), labels: labels, items: items).text("annotations.xml")
        #expect(cvat.contains("<input_type>select</input_type><default_value>red</default_value><values>red\nblue &amp; grey</values>"))
        #expect(cvat.contains("<name>people</name><mutable>False</mutable><input_type>number</input_type><default_value>0</default_value><values>0\n8\n1</values>"))
        #expect(!cvat.contains("<name>occluded</name>"))
        #expect(cvat.contains(#"occluded="1" xtl="10""#))
        #expect(cvat.contains(#"z_order="0"><attribute name="truncated">false</attribute><attribute name="colour">blue &amp; grey</attribute><attribute name="people">0</attribute></box>"#))
        // And VOC's own flags take the booleans of their names, the rest go in <attributes>
        let voc = try MemoryArchive.written(by: VOCWriter(), labels: labels, items: items).text("Annotations/a.xml")
        #expect(voc.contains("<truncated>0</truncated>\n    <difficult>0</difficult>\n    <occluded>1</occluded>"))
        #expect(voc.contains("<attribute><name>colour</name><value>blue &amp; grey</value></attribute>\n      <attribute><name>people</name><value>0</value></attribute>"))
    }

    @Test func cocoPutsEachAnnotationsAttributesInAnObject() throws {
        var bytes: [UInt8] = []
        let writer = COCOWriter { bytes += $0 }
        try writer.begin(description: "d", version: "1", dateCreated: "2026-12-02", categories: [COCOCategory(id: 1, name: "car")])
        try writer.add(COCOImage(id: 5, fileName: "a.jpg", width: 100, height: 100, tags: []))
        try writer.add(.box(labelID: 7, x: 1, y: 2, width: 3, height: 4), categoryID: 1, imageID: 5, width: 100, height: 100,
                       attributes: [("occluded", .bool(true)), ("people", .number(2.5)), ("note", .text("a \"b\""))])
        try writer.finish()
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""segmentation":[[1,2,4,2,4,6,1,6]],"attributes":{"occluded":true,"people":2.5,"note":"a \"b\""}}"#))
    }

    @Test func labelStudioWritesTasksInPercentAndAConfig() throws {
        let archive = try MemoryArchive.written(by: LabelStudioWriter(), labels: labels, items: items)
        let tasks = archive.text("tasks.json")
        #expect(tasks.contains(#""value":{"x":5,"y":20,"width":25,"height":30,"rotation":0,"rectanglelabels":["robin"]}"#))
        #expect(tasks.contains(#""points":[[50,10],[75,10],[60,60]],"closed":true,"polygonlabels":["wren & co"]"#))
        #expect(tasks.contains(#""from_name":"tags""#) && tasks.contains(#""choices":["wren & co"]"#))
        #expect(archive.text("label_config.xml").contains(##"<Label value="wren &amp; co" background="#3e63dd"/>"##))
        let document = try LabelStudioReader.read(archive)
        #expect(FormatFixture.shapes(document) == ["a.jpg": ["box robin 10 20 50 30", "polygon wren & co 100,10 150,10 120,60", "tag wren & co"], "b.png": []])
    }

    @Test func labelStudioWritesAttributesAsPerRegionResultsAndControls() throws {
        // Given a box whose label has a choice, a number and a yes/no attribute
        let specs = [AttributeSpec(name: "colour", kind: .choice, options: ["red", "blue"]), AttributeSpec(name: "people", kind: .number, min: 0),
                     AttributeSpec(name: "occluded", kind: .boolean), AttributeSpec(name: "note", kind: .text)]
        let labels = [DatasetLabel(id: 7, name: "car", color: "#e5484d", attributes: specs)]
        let items = [DatasetItem(imageID: 1, fileName: "a.jpg", width: 200, height: 100, split: .train,
                                 shapes: [.box(labelID: 7, x: 10, y: 20, width: 50, height: 30, attributes: ["colour": .text("blue"), "people": .number(3)])],
                                 tags: [])]
        let archive = try MemoryArchive.written(by: LabelStudioWriter(), labels: labels, items: items)
        let tasks = archive.text("tasks.json")
        // Then each attribute is a result with the box's id and place, as Label Studio writes a per-region control's
        let place = #""value":{"x":5,"y":20,"width":25,"height":30,"rotation":0"#
        #expect(tasks.contains(#"{"id":"1-1","type":"choices","from_name":"attribute:colour","to_name":"image","original_width":200,"original_height":100,"image_rotation":0,"# + place + #","choices":["blue"]}}"#))
        #expect(tasks.contains(#""from_name":"attribute:people""# ) && tasks.contains(place + #","number":3}}"#))
        #expect(tasks.contains(place + #","choices":["false"]}}"#) && tasks.contains(place + #","text":[""]}}"#))
        let config = archive.text("label_config.xml")
        #expect(config.contains(#"<Choices name="attribute:colour" toName="image" perRegion="true">"# + "\n" + #"    <Choice value="red"/>"#))
        #expect(config.contains(#"<Number name="attribute:people" toName="image" perRegion="true"/>"#))
        #expect(config.contains(#"<TextArea name="attribute:note" toName="image" perRegion="true"/>"#))
        // And reading it back keeps the box and does not mistake the attributes for tags
        let document = try LabelStudioReader.read(archive)
        #expect(FormatFixture.shapes(document, sizes: ["a.jpg": (200, 100)]) == ["a.jpg": ["box car 10 20 50 30"]])
    }

    @Test func exportNamesNeverClash() {
        var names = ExportFileNames()
        #expect(names.name(for: "a.jpg", imageID: 1) == "a.jpg")
        #expect(names.name(for: "a.png", imageID: 2) == "a-2.png")
        #expect(names.name(for: "A.jpg", imageID: 3) == "A-3.jpg")
        #expect(names.name(for: "b", imageID: 4) == "b")
    }

    @Test func splitsFollowTheTrainersHash() {
        let validation = (1...1_000).filter { DatasetSplit.of(imageID: Int64($0), validationFraction: 0.2) == .val }.count
        #expect((150...250).contains(validation))
        #expect((1...100).allSatisfy { DatasetSplit.of(imageID: Int64($0), validationFraction: 0) == .train })
    }
}
