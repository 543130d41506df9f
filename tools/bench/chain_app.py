"""The chain floor's HTTP side: a minimal FastAPI app on one uvicorn worker calling chain_server.py.

GET /v1/records/{id} calls ``/bench.Chain/Get``; POST /v1/records forwards the request body to
``/bench.Chain/Create`` and answers 201 with the server's reply. Bytes in, bytes out: no pydantic
models, no auth, no middleware, one grpc.aio channel for the process. Served like the gateway and
bare_app.py (uvicorn, uvloop and httptools when installed), so platform / chain measures what the
platform adds on top of the hops it cannot avoid: HTTP, one gRPC call, one database round trip or
transaction.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import grpc
import grpc.aio
import uvicorn
from fastapi import FastAPI, Request, Response

TARGET_ENV = "BENCH_CHAIN_TARGET"  # host:port of chain_server.py


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    channel = grpc.aio.insecure_channel(os.environ[TARGET_ENV])
    # No serializers: requests and replies are raw bytes.
    app.state.get = channel.unary_unary("/bench.Chain/Get")
    app.state.create = channel.unary_unary("/bench.Chain/Create")
    try:
        yield
    finally:
        await channel.close()


app = FastAPI(lifespan=lifespan)


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/v1/records/{record_id}")
async def get_record(record_id: str, request: Request) -> Response:
    try:
        body: bytes = await request.app.state.get(record_id.encode())
    except grpc.aio.AioRpcError as exc:
        if exc.code() == grpc.StatusCode.NOT_FOUND:
            return Response(status_code=404)
        raise
    return Response(content=body, media_type="application/json")


@app.post("/v1/records")
async def create_record(request: Request) -> Response:
    try:
        reply: bytes = await request.app.state.create(await request.body())
    except grpc.aio.AioRpcError as exc:
        if exc.code() == grpc.StatusCode.INVALID_ARGUMENT:
            return Response(status_code=400)
        raise
    return Response(content=reply, status_code=201, media_type="application/json")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--target", required=True, help="host:port of chain_server.py")
    args = parser.parse_args()
    os.environ[TARGET_ENV] = args.target
    uvicorn.run(app, host=args.host, port=args.port, workers=1, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
