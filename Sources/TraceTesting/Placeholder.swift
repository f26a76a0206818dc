// TraceTesting
