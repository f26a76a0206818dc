// TraceDevices
