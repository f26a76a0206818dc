import Glibc

/// The few file-system calls EdgeTrace makes outside `open`/`read`/`write`.
public enum FileSystem {
    /// The canonical absolute path with every symbolic link resolved (`realpath(3)`), e.g.
    /// `/dev/serial/by-id/usb-Honeywell…-if00` → `/dev/ttyACM0`.
    public static func realPath(_ path: String) throws(SystemError) -> String {
        guard let resolved = realpath(path, nil) else {
            throw SystemError("realpath", code: .current, path: path)
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// True when something (a dangling symbolic link counts) exists at `path` (`lstat(2)`).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Makes `linkPath` a symbolic link to `target`, replacing whatever link is there in one
    /// step: `symlink(2)` to a temporary name beside it, then `rename(2)` over it. A reader
    /// opening `linkPath` meanwhile sees the old target or the new one, never nothing.
    public static func replaceSymbolicLink(at linkPath: String, pointingTo target: String) throws(SystemError) {
        let temporary = "\(linkPath).tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try retryingOnEINTR("symlink", path: temporary) { symlink(target, temporary) }
        do {
            try retryingOnEINTR("rename", path: linkPath) { rename(temporary, linkPath) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Removes the file or symbolic link at `path` (`unlink(2)`).
    public static func removeFile(_ path: String) throws(SystemError) {
        try retryingOnEINTR("unlink", path: path) { unlink(path) }
    }

    /// Creates directory `path` and any missing parents (`mkdir(2)`); existing ones are fine.
    public static func createDirectory(_ path: String, permissions: mode_t = 0o755) throws(SystemError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/\(component)"
            if mkdir(prefix, permissions) == -1 {
                let code = SystemError.Code.current
                if code != .fileExists { throw SystemError("mkdir", code: code, path: prefix) }
            }
        }
    }

    /// Creates a new private directory `/tmp/<prefix>XXXXXX` (`mkdtemp(3)`) and returns its path.
    public static func makeTemporaryDirectory(prefix: String) throws(SystemError) -> String {
        var template = Array("/tmp/\(prefix)XXXXXX".utf8CString)
        let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard result != nil else { throw SystemError("mkdtemp", code: .current, path: "/tmp") }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Removes `path` and, for a directory, everything below it (`opendir(3)`, `readdir(3)`,
    /// `lstat(2)`, `unlink(2)`, `rmdir(2)`). Symbolic links are removed, never followed.
    public static func removeTree(_ path: String) throws(SystemError) {
        var info = stat()
        try retryingOnEINTR("lstat", path: path) { lstat(path, &info) }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            try removeFile(path)
            return
        }
        guard let directory = opendir(path) else { throw SystemError("opendir", code: .current, path: path) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(directory)
        for name in names { try removeTree("\(path)/\(name)") }
        try retryingOnEINTR("rmdir", path: path) { rmdir(path) }
    }
}
