// Process figures from /proc: this process's own, and a child it starts.
import Foundation
import Testing
@testable import Monitoring

@Suite struct ProcessStatsTests {
    @Test func aProcessReadsItsOwnCPUAndMemoryAndFindsItsChild() throws {
        // Given some work done, and a child started
        var x = 0.0
        for i in 0..<2_000_000 { x += Double(i).squareRoot() }
        #expect(x > 0)
        let own = try #require(ProcessStats.read(getpid()))
        #expect(own.cpuSeconds > 0 && own.residentBytes > 1 << 20 && own.parentPID == getppid())
        #expect(abs(ProcessStats.ownCPUSeconds() - own.cpuSeconds) < 1)
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["5"]
        try sleeper.run()
        defer { sleeper.terminate() }
        // Then the child is among this process's children, and a gone pid reads as nothing
        #expect(ProcessStats.children(of: getpid()).contains { $0.pid == sleeper.processIdentifier })
        #expect(ProcessStats.read(Int32.max) == nil)
    }

    @Test func theGaugesNameEachRoleFromItsPidFile() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("gauges-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data.appendingPathComponent("run"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        try "\(getpid())\n".write(to: data.appendingPathComponent("run/trainer.pid"), atomically: true, encoding: .utf8)
        let text = String(decoding: ProcessGauges(dataDirectory: data).exposition(), as: UTF8.self)
        #expect(text.contains("loupe_process_resident_memory_bytes{process=\"trainer\",pid=\"\(getpid())\"}"))
        #expect(text.contains("loupe_process_cpu_seconds{process=\"trainer\""))
        #expect(!text.contains("process=\"worker\""))  // no master's pid file: no workers listed
    }
}
