// A route cannot be registered without an access rule: the only `add` the router offers takes one.
// Checked by type-checking two small programs against the built Web module with the real compiler.
import Foundation
import Testing
import Web

@Suite struct RouteAccessRequiredTests {
    /// The directory holding `Web.swiftmodule`: beside the test bundle, or the package's debug build.
    static func modulesDirectory() -> URL? {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return [bundle.appendingPathComponent("Modules"), package.appendingPathComponent(".build/debug/Modules")]
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("Web.swiftmodule").path) }
    }

    /// Compiler diagnostics for `source`, or nil when it type-checks.
    static func typeCheck(_ source: String, modules: URL) throws -> String? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("route-\(UUID().uuidString).swift")
        try source.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swiftc", "-typecheck", "-I", modules.path, file.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : output
    }

    @Test func aRouteWithoutAnAccessRuleDoesNotCompile() throws {
        let modules = try #require(Self.modulesDirectory(), "the built Web module")
        let prelude = """
            import Web
            struct Anyone: RouteAccess { var summary: String { "anyone" } }
            var router = Router()

            """
        // Given the same route, once with a rule and once without
        let withRule = try Self.typeCheck(prelude + #"router.add(.GET, "/x", access: Anyone()) { _ in .text("ok") }"#, modules: modules)
        let withoutRule = try Self.typeCheck(prelude + #"router.add(.GET, "/x") { _ in .text("ok") }"#, modules: modules)
        // Then only the one with a rule compiles, and the compiler names the missing argument
        #expect(withRule == nil, "the control program should compile: \(withRule ?? "")")
        #expect(withoutRule?.contains("access") == true, "compiled without an access rule: \(withoutRule ?? "no errors")")
    }
}
