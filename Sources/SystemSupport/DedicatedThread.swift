import Glibc

/// Runs blocking work on a thread of its own, so that it never occupies one of the few
/// threads of Swift's shared cooperative pool (two on a two-core station).
public enum DedicatedThread {
    /// Runs `body` on a new detached POSIX thread (`pthread_create(3)`) and returns its result
    /// to the awaiting task. The work is not cancelled with the task: make `body` end by itself
    /// (a timeout, or closing what it waits on).
    public static func run<Result: Sendable>(
        _ body: @escaping @Sendable () throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let work = Work {
                continuation.resume(with: Swift.Result { try body() })
            }
            let context = Unmanaged.passRetained(work).toOpaque()
            var thread = pthread_t()
            let result = pthread_create(&thread, nil, { context in
                Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
            if result == 0 {
                pthread_detach(thread)
            } else {
                Unmanaged<Work>.fromOpaque(context).release()
                continuation.resume(throwing: SystemError("pthread_create", code: .init(rawValue: result)))
            }
        }
    }

    private final class Work: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}
