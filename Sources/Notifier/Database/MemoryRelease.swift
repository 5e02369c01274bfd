#if canImport(Glibc)
    import Glibc
#endif

/// Gives memory freed after a large piece of work back to the system. glibc's allocator keeps freed memory in
/// its per-thread arenas, so a service that once planned a broadcast of 100,000 recipients would keep their
/// megabytes resident for good without this.
enum MemoryRelease {
    static func returnFreedMemory() {
        #if canImport(Glibc)
            // glibc's malloc_trim, looked up at run time: its header is not part of the C library's module.
            typealias Trim = @convention(c) (Int) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
