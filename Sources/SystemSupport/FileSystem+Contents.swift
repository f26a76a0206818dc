import Glibc

extension FileSystem {
    /// The whole content of the file at `path` (`open(2)`, `read(2)` until end of file, `close(2)`).
    /// Refuses files larger than `maxBytes` with `EFBIG`.
    public static func readFile(_ path: String, maxBytes: Int = 256 << 20) throws(SystemError) -> [UInt8] {
        let fd = try FileDescriptor.open(path, O_RDONLY | O_CLOEXEC)
        defer { try? fd.close() }
        var content: [UInt8] = []
        while true {
            let chunk = try fd.read(maxBytes: 1 << 16)
            if chunk.isEmpty { return content }
            content += chunk
            if content.count > maxBytes { throw SystemError("read", code: .init(rawValue: EFBIG), path: path) }
        }
    }

    /// The names in directory `path`, without `.` and `..`, in no particular order (`opendir(3)`, `readdir(3)`).
    public static func directoryEntries(_ path: String) throws(SystemError) -> [String] {
        guard let directory = opendir(path) else { throw SystemError("opendir", code: .current, path: path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// True when `path` is a directory (`stat(2)`, following links).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}
