// loupe-fuzz: with -DFUZZING (scripts/fuzz) libFuzzer drives the target named by LOUPE_FUZZ_TARGET;
// built normally, it replays saved inputs (the seeds and every crash found) as regression tests.
import Foundation

#if FUZZING
let selectedTarget = ProcessInfo.processInfo.environment["LOUPE_FUZZ_TARGET"] ?? ""

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.run(selectedTarget, data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point as `<module>_main`: hand it to libFuzzer's driver.
@_cdecl("loupe_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
}
#else
/// `loupe-fuzz DIR`: runs every file under DIR/<target>/ through its target; a crash fails the run.
@main
struct ReplayInputs {
    static func main() throws {
        guard CommandLine.arguments.count == 2 else {
            FileHandle.standardError.write(Data("usage: loupe-fuzz INPUTS_DIR (holding one folder per target: \(FuzzTargets.names))\n".utf8))
            exit(2)
        }
        let root = URL(fileURLWithPath: CommandLine.arguments[1])
        var replayed = 0
        for target in FuzzTargets.names {
            let folder = root.appendingPathComponent(target)
            let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
            for file in files.sorted(by: { $0.path < $1.path }) {
                FuzzTargets.run(target, Array(try Data(contentsOf: file)))
                replayed += 1
            }
        }
        print("replayed \(replayed) saved inputs through \(FuzzTargets.names.count) targets without a crash")
    }
}
#endif
