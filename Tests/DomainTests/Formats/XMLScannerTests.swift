// The XML reader: entities, CDATA, comments and declarations read; every malformation named with its line.
@testable import Domain
import Testing

@Suite struct XMLScannerTests {
    @Test func entitiesCDATAAndCommentsRead() throws {
        let root = try XMLNode.parse(Array("""
            \u{FEFF}<?xml version="1.0"?>
            <!DOCTYPE a>
            <!-- a comment -->
            <a x='1 &amp; 2' y="&#x41;&#66;"><b>&lt;tom &amp; jerry&gt;</b><c><![CDATA[<raw> & co]]></c><d/></a>
            """.utf8))
        #expect(root.attributes == ["x": "1 & 2", "y": "AB"])
        #expect(root.value("b") == "<tom & jerry>" && root.value("c") == "<raw> & co" && root.child("d") != nil)
    }

    @Test func malformedXMLNamesItsLine() {
        let cases: [(String, XMLFault)] = [
            ("<a>\n<b>\n</a>", XMLFault(line: 3, message: "</a> where </b> was expected.")),
            ("<a>\n<b x=1/></a>", XMLFault(line: 2, message: "Attribute x of <b> is not quoted.")),
            ("<a>\n\n", XMLFault(line: 3, message: "The file ends before </a>.")),
            ("<a/><b/>", XMLFault(line: 1, message: "A second root element <b>.")),
            ("<a>&nbsp;</a>", XMLFault(line: 1, message: "Unknown entity &nbsp;.")),
            ("<a>tom & jerry</a>", XMLFault(line: 1, message: "A bare & in text; write &amp;.")),
            ("{\"json\": 1}", XMLFault(line: 1, message: "Text outside the root element.")),
            ("", XMLFault(line: 1, message: "No root element: the file is empty or not XML.")),
            ("<a x='1' x='2'/>", XMLFault(line: 1, message: "Attribute x appears twice on <a>.")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected) { _ = try XMLNode.parse(Array(text.utf8)) }
        }
    }
}
