// EdgeTraceConfig
