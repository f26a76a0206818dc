import Testing
import TraceDevices

@Suite("PresenceTracker: a code in view is one read")
struct PresenceTrackerTests {
    /// One scenario: frames as (time in ms, codes in view) and the codes reported at each frame.
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var reappearMs: UInt64
        var frames: [(ms: UInt64, codes: [String])]
        var reported: [[String]]
    }

    static let cases: [Case] = [
        Case(description: "stays in view: once", reappearMs: 1000,
             frames: [(0, ["A"]), (100, ["A"]), (200, ["A"]), (5000, ["A"])].enumerated().map { i, f in (UInt64(i) * 100, f.1) },
             reported: [["A"], [], [], []]),
        Case(description: "leaves for longer than reappear_ms: again", reappearMs: 1000,
             frames: [(0, ["A"]), (100, ["A"]), (200, []), (1200, ["A"])],
             reported: [["A"], [], [], ["A"]]),
        Case(description: "missed in a few frames (flicker): still once", reappearMs: 1000,
             frames: [(0, ["A"]), (100, []), (200, []), (600, ["A"]), (1500, ["A"])],
             reported: [["A"], [], [], [], []]),
        Case(description: "absent for exactly reappear_ms: again", reappearMs: 1000,
             frames: [(0, ["A"]), (1000, ["A"])],
             reported: [["A"], ["A"]]),
        Case(description: "absent for just under reappear_ms: not again", reappearMs: 1000,
             frames: [(0, ["A"]), (999, ["A"])],
             reported: [["A"], []]),
        Case(description: "two codes, each once, in frame order", reappearMs: 500,
             frames: [(0, ["A"]), (100, ["B", "A"]), (200, ["A", "B", "C"]), (300, ["C"])],
             reported: [["A"], ["B"], ["C"], []]),
        Case(description: "the same code twice in one frame: once", reappearMs: 500,
             frames: [(0, ["A", "A", "B", "A"])],
             reported: [["A", "B"]]),
        Case(description: "reappear 0: every frame", reappearMs: 0,
             frames: [(0, ["A"]), (100, ["A"]), (100, ["A"])],
             reported: [["A"], ["A"], ["A"]]),
        Case(description: "A, B, gap, A: A twice, B once", reappearMs: 300,
             frames: [(0, ["A"]), (50, ["A"]), (100, ["B"]), (150, ["B"]), (200, []), (600, ["A"]), (650, ["A"])],
             reported: [["A"], [], ["B"], [], [], ["A"], []]),
    ]

    @Test("table", arguments: cases)
    func table(_ c: Case) {
        var tracker = PresenceTracker<String>(reappearAfterNs: c.reappearMs * 1_000_000)
        var got: [[String]] = []
        for frame in c.frames {
            got.append(tracker.observe(frame.codes, atNs: 1_000_000_000 + frame.ms * 1_000_000))
        }
        #expect(got == c.reported)
    }

    @Test("codes out of view for longer than the window are forgotten")
    func forgets() {
        var tracker = PresenceTracker<String>(reappearAfterNs: 1_000_000)
        _ = tracker.observe(["A", "B", "C"], atNs: 10_000_000)
        #expect(tracker.tracked == 3)
        _ = tracker.observe(["A"], atNs: 10_500_000)
        #expect(tracker.tracked == 3)
        _ = tracker.observe([], atNs: 11_200_000)
        #expect(tracker.tracked == 1)
        _ = tracker.observe([], atNs: 20_000_000)
        #expect(tracker.tracked == 0)
    }
}
