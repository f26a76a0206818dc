import Testing
import SystemSupport

@Suite("Doorbell")
struct DoorbellTests {
    @Test("a ring with nobody waiting is kept for the next wait, once")
    func ringBeforeWait() async {
        let bell = Doorbell()
        bell.ring()
        bell.ring()
        #expect(await bell.wait(timeout: .seconds(30)))
        #expect(await bell.wait(timeout: .milliseconds(20)) == false, "two rings are one")
    }

    @Test("a ring wakes every sleeping wait at once", .timeLimit(.minutes(1)))
    func ringWakesSleepers() async {
        let bell = Doorbell()
        async let a = bell.wait(timeout: .seconds(60))
        async let b = bell.wait(timeout: .seconds(60))
        try? await Task.sleep(for: .milliseconds(100))
        bell.ring()
        let woken = await [a, b]
        #expect(woken == [true, true])
        #expect(await bell.wait(timeout: .milliseconds(20)) == false, "the ring woke waits, it is not kept")
    }

    @Test("timeout and cancellation end a wait with false", .timeLimit(.minutes(1)))
    func timeoutAndCancel() async {
        let bell = Doorbell()
        let start = ContinuousClock.now
        #expect(await bell.wait(timeout: .milliseconds(50)) == false)
        #expect(ContinuousClock.now - start >= .milliseconds(50))
        let waiting = Task { await bell.wait(timeout: .seconds(60)) }
        try? await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        #expect(await waiting.value == false)
    }
}
