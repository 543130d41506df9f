"""The baseline: a bare FastAPI app with one small JSON endpoint, on one uvicorn worker.

Served the same way as the gateway (uvicorn, uvloop and httptools when installed), so the
ratio gateway / bare measures what the platform adds, not the web stack underneath it.
"""

from __future__ import annotations

import argparse

import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.get("/ping")
async def ping() -> dict[str, str]:
    return {"status": "ok"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    uvicorn.run(app, host=args.host, port=args.port, workers=1, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
