import Testing
@testable import TraceSync

@Suite("EPCIS capture decisions (pure)")
struct EPCISCaptureClassifierTests {
    @Test("limits: strictly below the advertised capture limit, at most the configured batch",
          arguments: [(nil as Int?, 500, 500), (100, 500, 99), (100, 50, 50), (1, 500, 1), (2, 500, 1)])
    func maxEvents(_ advertised: Int?, _ configured: Int, _ expected: Int) {
        #expect(EPCISCaptureLimits(eventLimit: advertised).maxEvents(configured: configured) == expected)
    }

    @Test("file size: strictly below the advertised limit")
    func fits() {
        let limits = EPCISCaptureLimits(fileSizeLimit: 1000)
        #expect(limits.fits(bytes: 999))
        #expect(!limits.fits(bytes: 1000))
        #expect(EPCISCaptureLimits().fits(bytes: 10_000_000))
    }

    @Test("limits from OPTIONS headers; bad values ignored")
    func headers() {
        let h = ["GS1-EPCIS-Capture-Limit": "250", "GS1-EPCIS-Capture-File-Size-Limit": "x"]
        let limits = EPCISCaptureLimits(header: { h[$0] })
        #expect(limits == EPCISCaptureLimits(eventLimit: 250, fileSizeLimit: nil))
    }

    static let problem = Array(#"{"type":"epcisException:ValidationException","title":"invalid","status":400,"detail":"eventTime missing"}"#.utf8)

    @Test("POST /capture answers")
    func capture() {
        func c(_ status: Int, _ location: String? = nil, _ body: [UInt8] = [], count: Int = 5) -> EPCISCaptureClassifier.CaptureOutcome {
            EPCISCaptureClassifier.classifyCapture(status: status, location: location, retryAfter: nil, body: body, eventCount: count, nowMillis: 0)
        }
        #expect(c(201) == .captured)
        #expect(c(202, "/capture/j1") == .job(location: "/capture/j1"))
        guard case .decision(.retry, _) = c(202) else { Issue.record("202 without Location must retry"); return }
        guard case .decision(.bisect(let reason), let p?) = c(400, nil, Self.problem) else { Issue.record("400 must bisect"); return }
        #expect(reason.contains("epcisException:ValidationException"))
        #expect(p.type == "epcisException:ValidationException")
        guard case .decision(.quarantine, _) = c(400, nil, Self.problem, count: 1) else { Issue.record("400 for one event must quarantine"); return }
        guard case .decision(.split, _) = c(413) else { Issue.record("413 must split"); return }
        guard case .decision(.retry(_, _, .degraded), _) = c(500, nil, Self.problem) else { Issue.record("500 must retry"); return }
        guard case .decision(.retry(_, _, .unauthorized), _) = c(401) else { Issue.record("401 must retry unauthorized"); return }
    }

    static let ids = ["ni:///sha-256;aa?ver=CBV2.0": "native-1", "ni:///sha-256;bb?ver=CBV2.0": "native-2"]

    @Test("capture jobs: running, success, failed under proceed and rollback")
    func jobs() {
        func j(_ text: String, count: Int = 2) -> EPCISCaptureClassifier.JobOutcome {
            EPCISCaptureClassifier.classifyJob(body: Array(text.utf8), storedIDs: Self.ids, eventCount: count)
        }
        #expect(j(#"{"running":true,"success":true,"errors":[]}"#) == .running)
        #expect(j(#"{"running":false,"success":true,"errors":[]}"#) == .finished(.delivered(rejected: [])))
        let failed = #"{"running":false,"success":false,"captureErrorBehaviour":"proceed","errors":[{"type":"epcisException:ValidationException","title":"event rejected","detail":"bad","instance":"ni:///sha-256;bb?ver=CBV2.0"}]}"#
        guard case .finished(.delivered(let rejected)) = j(failed) else { Issue.record("proceed must deliver the rest"); return }
        #expect(rejected.map(\.eventID) == ["native-2"])
        #expect(rejected.first?.reason.contains("epcisException:ValidationException") == true)
        let rollback = failed.replacingOccurrences(of: "proceed", with: "rollback")
        guard case .finished(.bisect) = j(rollback) else { Issue.record("rollback must bisect"); return }
        guard case .finished(.quarantine) = j(rollback, count: 1) else { Issue.record("rollback of one must quarantine"); return }
        guard case .finished(.retry) = j("not json") else { Issue.record("garbage must retry"); return }
    }
}
