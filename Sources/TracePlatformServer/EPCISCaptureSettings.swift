/// How the platform's EPCIS 2.0 capture interface (`/capture`) behaves; part of
/// ``PlatformConfiguration`` (command line: `--epcis-…`).
///
/// - `captureLimit`: events per capture advertised in `GS1-EPCIS-Capture-Limit` (default 500).
/// - `fileSizeLimit`: bytes per capture advertised in `GS1-EPCIS-Capture-File-Size-Limit` (default 1 MiB).
/// - `rejectAtLimit`: also answer 413 to a document *equal* to a limit, as one real server does
///   (default false: only larger ones).
/// - `synchronous`: answer 201 after storing (FasTnT style) instead of 202 + a capture job
///   (openEPCIS style; default false).
/// - `jobPolls`: how many `GET /capture/{id}` answer `running: true` before the job shows its
///   result (default 1), so clients must poll.
/// - `failSubstring`: events whose JSON text contains it fail in their capture job (an RFC 7807
///   error whose `instance` is the eventID); in synchronous mode the capture answers 400.
/// - `problemStatus`, `problemCount`: answer the next `problemCount` captures (nil = all) with this
///   status as `application/problem+json`.
public struct EPCISCaptureSettings: Sendable, Equatable {
    public var captureLimit: Int
    public var fileSizeLimit: Int
    public var rejectAtLimit: Bool
    public var synchronous: Bool
    public var jobPolls: Int
    public var failSubstring: String?
    public var problemStatus: Int?
    public var problemCount: Int?

    public init(captureLimit: Int = 500, fileSizeLimit: Int = 1 << 20, rejectAtLimit: Bool = false, synchronous: Bool = false,
                jobPolls: Int = 1, failSubstring: String? = nil, problemStatus: Int? = nil, problemCount: Int? = nil) {
        self.captureLimit = captureLimit
        self.fileSizeLimit = fileSizeLimit
        self.rejectAtLimit = rejectAtLimit
        self.synchronous = synchronous
        self.jobPolls = jobPolls
        self.failSubstring = failSubstring
        self.problemStatus = problemStatus
        self.problemCount = problemCount
    }
}
