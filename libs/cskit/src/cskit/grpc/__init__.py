"""gRPC plumbing: server bootstrap, interceptors, error mapping, caller identity."""
