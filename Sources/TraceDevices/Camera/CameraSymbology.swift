import ZBar

/// The symbology names of camera configuration (`symbologies = [...]`): zbar's configuration names plus
/// `datamatrix` (decoded by libdmtx).
public enum CameraSymbology {
    /// The name that turns on libdmtx.
    public static let dataMatrix = "datamatrix"

    /// Every name a camera accepts, in documentation order; also the default set.
    public static let names: [String] = ZBarSymbology.traceability.map(\.configName) + [dataMatrix]

    /// The zbar symbology of `name`, nil for `datamatrix` or an unknown name.
    public static func zbar(_ name: String) -> ZBarSymbology? {
        guard names.contains(name) else { return nil }
        return ZBarSymbology(configName: name)
    }
}
