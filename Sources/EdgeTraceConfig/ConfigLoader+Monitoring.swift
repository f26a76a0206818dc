extension ConfigLoader {
    /// `[metrics]` or `[status_page]`: nil when the table is absent (the endpoint is off).
    static func parseMonitorEndpoint(_ root: inout ConfigReader, table name: String) throws -> MonitorEndpoint? {
        guard var t = try root.subtable(name) else { return nil }
        let listen = try t.requiredString("listen")
        guard let address = MonitorEndpoint.parseAddress(listen) else {
            throw t.error("listen", "'\(listen)' is neither host:port (e.g. \"127.0.0.1:9464\", \"[::1]:9464\") nor an absolute Unix socket path")
        }
        let endpoint = MonitorEndpoint(address: address, allowRemote: try t.bool("allow_remote", default: false))
        if !address.isLoopback, !endpoint.allowRemote {
            throw t.error("listen", "'\(listen)' is not a loopback address: anyone on the network could read the station's data; "
                + "use 127.0.0.1 (and a reverse proxy or SSH tunnel), or set allow_remote = true if you mean it")
        }
        try t.rejectUnknownKeys()
        return endpoint
    }
}
