import Glibc

/// C library functions that Swift's `Glibc` module does not import.
///
/// `unlockpt(3)`, `ptsname_r(3)` and `pipe2(2)` sit behind feature-test macros the module is
/// built without, and <sys/timex.h> (`adjtimex(2)`) and <malloc.h> (`mallopt(3)`) are not part of it at all. Rather than a C
/// shim target, they are looked up once in the running C library with `dlsym(3)`; their
/// signatures are stable parts of the glibc ABI. A missing symbol surfaces as `ENOSYS`.
enum LibCSymbols {
    typealias UnlockPT = @convention(c) (CInt) -> CInt
    typealias PtsNameR = @convention(c) (CInt, UnsafeMutablePointer<CChar>, Int) -> CInt
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<CInt>, CInt) -> CInt
    /// `int adjtimex(struct timex *)`; the struct is passed as raw zeroed memory.
    typealias AdjTimex = @convention(c) (UnsafeMutableRawPointer) -> CInt

    static let unlockpt: UnlockPT? = lookUp("unlockpt")
    static let ptsnameR: PtsNameR? = lookUp("ptsname_r")
    static let pipe2: Pipe2? = lookUp("pipe2")
    static let adjtimex: AdjTimex? = lookUp("adjtimex")
    /// `int mallopt(int param, int value)`.
    typealias MallOpt = @convention(c) (CInt, CInt) -> CInt
    static let mallopt: MallOpt? = lookUp("mallopt")

    /// Looks `name` up in the symbols already loaded into the process (`dlopen(NULL)` + `dlsym`).
    private static func lookUp<Function>(_ name: String) -> Function? {
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, name) else {
            return nil
        }
        return unsafeBitCast(symbol, to: Function.self)
    }

    /// Returns `function` or throws `ENOSYS` naming `operation`.
    static func require<Function>(
        _ function: Function?,
        _ operation: String
    ) throws(SystemError) -> Function {
        guard let function else { throw SystemError(operation, code: .notImplemented) }
        return function
    }
}
