"""The keys benchmark of ``make bench`` (issue 12, item 12): lending and returning keys through
the gateway (``lend.lua``: each request a loan of a key set in the cabinet or the return of a
loan the same thread opened), right after the chain's POST, judged as a ratio to it.

The register is filled through the gateway's own import (KEY-02) with plant-room key sets lent
to engineers: no identity checks (KEY-05, KEY-12) and no same-day curfew (KEY-04), so the
measure is the lending path itself at any hour of the bench."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx

HEADER = "code,unit,kind,key_count,cabinet,hook,custodian"


def register_key_sets(gateway: str, token: str, count: int, path: Path) -> Path:
    """``count`` plant-room key sets imported into branch b1; their "id code" lines in ``path``."""
    run = uuid.uuid4().hex[:8]
    rows = [f"BENCH-{run}-{n},plant room {n},plant_room,2,BENCH-{run},H{n},bench-custodian" for n in range(count)]
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=gateway, timeout=60) as client:
        response = client.post(
            "/v1/keys/key-sets:import", headers=auth, json={"content": "\n".join([HEADER, *rows]) + "\n"}
        )
        response.raise_for_status()
        lines: list[str] = []
        token_page = ""
        while True:
            params = {"cabinet": f"BENCH-{run}", "page_size": "200"} | (
                {"page_token": token_page} if token_page else {}
            )
            page = client.get("/v1/keys/key-sets", headers=auth, params=params)
            page.raise_for_status()
            body = page.json()
            lines += [f"{k['id']} {k['code']}" for k in body["items"]]
            token_page = body.get("next_page_token") or ""
            if not token_page:
                break
    if len(lines) != count:
        raise RuntimeError(f"imported {len(lines)} of {count} bench key sets")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
