import ImageFiles

/// Where a camera's frames come from: a V4L2 device, a directory of images, or a raw frame file.
///
/// ``nextFrame()`` is called by one dedicated thread and may block; ``stop()`` may be called from any thread
/// and makes a blocked ``nextFrame()`` return nil promptly. Frames come at most at the configured rate.
public protocol FrameSource: AnyObject, Sendable {
    /// What the source reads, for `edgetrace status` (a device node with its resolved path, a directory…).
    var description: String { get }
    /// The next frame, when it is due; nil when the source has ended (a directory without watching, a file
    /// without looping) or was stopped.
    func nextFrame() throws(FrameSourceError) -> GreyImage?
    /// Ends the source; wakes a blocked ``nextFrame()``.
    func stop()
}

/// Why a frame source cannot deliver, with whether trying again later may help.
public struct FrameSourceError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// True when reopening the source later may succeed without a configuration change (unplugged,
    /// busy, a directory that is not there yet).
    public var isTransient: Bool

    public init(_ message: String, isTransient: Bool) {
        self.message = message
        self.isTransient = isTransient
    }

    public var description: String { message }
}
