/// Tuning of the C library's allocator (glibc malloc) for a long-running daemon.
public enum MemoryAllocator {
    /// `M_MMAP_THRESHOLD` of <malloc.h>.
    private static let mmapThreshold: CInt = -3

    /// Makes every block of `bytes` or more a mapping of its own, returned to the kernel when it is freed.
    ///
    /// glibc starts with 128 KiB but raises the threshold to the size of each mapped block that is freed,
    /// up to 32 MiB. A daemon that builds an upload body of a megabyte now and then therefore soon takes
    /// such buffers from its heaps instead, and glibc keeps what its heaps once held: a drain in batches
    /// of 2000 left edgetraced with 21 MiB of anonymous memory instead of 11. Setting the threshold
    /// explicitly turns that adjustment off (mallopt(3)). Returns false if the C library refused.
    @discardableResult
    public static func mapBlocks(ofAtLeast bytes: Int) -> Bool {
        guard let mallopt = LibCSymbols.mallopt, let value = CInt(exactly: bytes) else { return false }
        return mallopt(mmapThreshold, value) == 1
    }

    /// Whether the block at `pointer`, returned by `malloc(3)`, is a mapping of its own: glibc marks such a
    /// chunk with the `IS_MMAPPED` bit (2) of the size word just before the block.
    public static func isMapped(_ pointer: UnsafeRawPointer) -> Bool {
        pointer.load(fromByteOffset: -MemoryLayout<Int>.size, as: Int.self) & 2 != 0
    }
}
