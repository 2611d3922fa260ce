// CPU time and resident memory of Loupe's processes, read from /proc at scrape time: the worker master
// and its children, the trainer and the event process (found by their pid files in <data>/run/).
import Foundation
import Glibc

public struct ProcessStats: Equatable, Sendable {
    public let pid: Int32
    /// User plus system time since the process started.
    public let cpuSeconds: Double
    public let residentBytes: Int
    public let parentPID: Int32

    /// The process's figures, or nil when it is gone (or /proc is not there).
    public static func read(_ pid: Int32) -> ProcessStats? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After "pid (comm) ": state ppid … utime (field 14) stime (15) … rss (24), counted from 1.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 22, let ppid = Int32(fields[1]), let user = Double(fields[11]), let system = Double(fields[12]),
              let pages = Int(fields[21]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ProcessStats(pid: pid, cpuSeconds: (user + system) / ticks, residentBytes: pages * Int(sysconf(Int32(_SC_PAGESIZE))), parentPID: ppid)
    }

    /// This process's own CPU time (user + system), from getrusage.
    public static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The live children of `parent`.
    public static func children(of parent: Int32) -> [ProcessStats] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).compactMap(read).filter { $0.parentPID == parent }.sorted { $0.pid < $1.pid }
    }

    /// The pid in a pid file, if the file is there and the process lives.
    public static func pid(inFile path: String) -> Int32? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), kill(pid, 0) == 0 else { return nil }
        return pid
    }
}
