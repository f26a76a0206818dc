import CZBarLoader

/// libzbar is loaded when a camera first needs it, not linked (CZBarLoader's header says why): the scanner
/// and the video source call ``load()`` before anything else.
enum ZBarLibrary {
    /// Loads libzbar.so.0 once; throws what went wrong, with what to do, when it cannot.
    static func load() throws(ZBarError) {
        if let why = czbar_load() {
            throw ZBarError(.unsupported, operation: "dlopen libzbar.so.0",
                            message: "libzbar cannot be loaded (\(String(cString: why))): install libzbar0")
        }
    }
}
