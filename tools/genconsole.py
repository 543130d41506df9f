"""Writes the console's API types from the gateway's OpenAPI document.

The gateway's ``/openapi.json`` (built in-process, no server needed) becomes
``console/src/api/schema.d.ts`` through openapi-typescript, so the console's calls are
type-checked against the contract: a changed route or field breaks ``tsc`` in ``make lint``,
not a user. ``--check`` fails when the committed file is not what the contract gives.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
from pathlib import Path

from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
CONSOLE = ROOT / "console"
SCHEMA = CONSOLE / "src" / "api" / "schema.d.ts"


def openapi_document() -> dict[str, object]:
    from gateway.app import create_app
    from gateway.settings import DEV_JWT_SECRET, GatewaySettings

    # The document of a local gateway: the dev login exists, the test clock's routes do not.
    settings = GatewaySettings(
        test_clock_enabled=False, console_dev_login=True, jwt_jwks_url=None, jwt_secret=SecretStr(DEV_JWT_SECRET)
    )
    logging.disable(logging.WARNING)  # the dev-secret warnings are expected here
    try:
        return create_app(settings).openapi()
    finally:
        logging.disable(logging.NOTSET)


def generate(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        document = Path(tmp) / "openapi.json"
        document.write_text(json.dumps(openapi_document(), indent=1, sort_keys=True))
        subprocess.run(
            ["npx", "--no-install", "openapi-typescript", str(document), "-o", str(target)],
            cwd=CONSOLE,
            check=True,
            capture_output=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the committed types are stale")
    args = parser.parse_args()
    if not args.check:
        generate(SCHEMA)
        print(f"wrote {SCHEMA.relative_to(ROOT)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "schema.d.ts"
        generate(fresh)
        if fresh.read_text() != (SCHEMA.read_text() if SCHEMA.exists() else ""):
            print(f"{SCHEMA.relative_to(ROOT)} is stale: run `make gen`", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
