"""``python -m gateway serve`` runs the gateway; ``python -m gateway token ...`` mints a dev token."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from gateway.app import create_app
    from gateway.settings import GatewaySettings
    from gateway.telemetry import configure_telemetry

    settings = GatewaySettings()
    configure_telemetry(settings)
    uvicorn.run(
        create_app(settings),
        host=args.host or settings.host,
        port=args.port or settings.port,
        loop="uvloop" if importlib.util.find_spec("uvloop") else "asyncio",
        access_log=False,  # the request-context middleware logs each request as JSON
        log_config=None,  # keep the JSON root handler configure_telemetry installed
        # Forwarded headers are honoured only from CS_GATEWAY_TRUSTED_PROXIES, by the app's
        # ProxyHeadersMiddleware; uvicorn's own would trust 127.0.0.1 (or FORWARDED_ALLOW_IPS).
        proxy_headers=False,
        timeout_graceful_shutdown=20,
    )
    return 0


def _token(args: argparse.Namespace) -> int:
    from gateway.auth import mint_dev_token

    # --role may repeat or be comma-separated: --role agent --role team_lead, --role agent,team_lead
    roles = [r.strip() for value in args.role for r in value.split(",") if r.strip()]
    print(mint_dev_token(args.sub, args.branch, roles, args.grade, args.ttl))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gateway", description="cs-platform REST gateway")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the HTTP server (settings from CS_GATEWAY_* env)")
    serve.add_argument("--host", default=None, help="override CS_GATEWAY_HOST")
    serve.add_argument("--port", type=int, default=None, help="override CS_GATEWAY_PORT")
    serve.set_defaults(run=_serve)

    token = commands.add_parser("token", help="print an HS256 dev token signed with CS_JWT_SECRET")
    token.add_argument("--role", action="append", required=True, help="role (repeat or comma-separate)")
    token.add_argument("--branch", required=True, help="branch_id claim")
    token.add_argument("--sub", default="u1", help="subject (default u1)")
    token.add_argument("--grade", type=int, default=1, help="grade claim (default 1)")
    token.add_argument("--ttl", type=int, default=3600, help="lifetime in seconds (default 3600)")
    token.set_defaults(run=_token)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
