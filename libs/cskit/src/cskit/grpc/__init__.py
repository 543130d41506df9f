"""gRPC plumbing: server bootstrap, interceptors, error mapping, caller identity."""

from cskit.grpc.errors import STATUS_BY_KIND, DecodedError, decode_error, status_code_for, to_rpc_status
from cskit.grpc.interceptors import (
    ErrorMappingInterceptor,
    MetricsInterceptor,
    server_interceptors,
    tracing_interceptor,
)
from cskit.grpc.server import GrpcServer, channel, serve

__all__ = [
    "STATUS_BY_KIND",
    "DecodedError",
    "ErrorMappingInterceptor",
    "GrpcServer",
    "MetricsInterceptor",
    "channel",
    "decode_error",
    "serve",
    "server_interceptors",
    "status_code_for",
    "to_rpc_status",
    "tracing_interceptor",
]
