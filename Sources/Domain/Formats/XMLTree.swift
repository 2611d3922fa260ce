// A small XML file as a tree (a VOC annotation), built from XMLScanner's events.
import Foundation

public final class XMLNode {
    public let name: String
    public let attributes: [String: String]
    public let line: Int
    public private(set) var children: [XMLNode] = []
    public private(set) var text = ""

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    public static func parse(_ bytes: [UInt8]) throws -> XMLNode {
        var builder = Builder()
        try XMLScanner.scan(bytes, into: &builder)
        return builder.root!
    }

    public func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }
    public func all(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }
    /// The trimmed text of the named child.
    public func value(_ name: String) -> String? { child(name)?.text.trimmingCharacters(in: .whitespacesAndNewlines) }

    private struct Builder: XMLHandler {
        var root: XMLNode?
        var stack: [XMLNode] = []

        mutating func start(_ name: String, _ attributes: [String: String], line: Int) throws {
            let node = XMLNode(name: name, attributes: attributes, line: line)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        mutating func text(_ text: String) throws { stack.last?.text += text }

        mutating func end(_ name: String, line: Int) throws { stack.removeLast() }
    }
}
