// Process-wide malloc tuning for processes that decode many images; called by executables, never implicitly.
import CImageCodec

extension Imaging {
    /// Keeps buffers up to 64 MiB on the heap and stops returning freed memory below 256 MiB to the
    /// kernel, so consecutive decodes reuse pages instead of faulting in freshly zeroed ones
    /// (a tenth of thumbnailing time on real photos). Larger buffers are still mapped and unmapped.
    public static func tuneAllocatorForRepeatedDecodes() {
        ic_tune_allocator()
    }
}
