// TracePlatformServer
