import EdgeTraceConfig
import Testing
import TraceDevices

@Suite("Camera configuration and the decoders agree")
struct CameraConfigurationTests {
    @Test("the configuration accepts exactly the symbology names the frame decoder knows")
    func sameNames() throws {
        #expect(CameraSettings.knownSymbologies == CameraSymbology.names)
        let options = try FrameDecoder.Options(symbologies: CameraSettings.knownSymbologies)
        #expect(options.zbar.count == CameraSettings.knownSymbologies.count - 1)
        #expect(options.dataMatrix != nil)
    }
}
