"""Structured logs: JSON on stderr, each line carrying the service and the current trace.

The trace and span ids let an operator jump from a log line to the trace in the tracing
backend, and from a gateway problem+json response (which shows the trace id) to both.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from opentelemetry import trace
from pythonjsonlogger.json import JsonFormatter

_HANDLER_MARK = "_cskit_handler"


class TraceContextFilter(logging.Filter):
    """Adds ``service``, ``trace_id`` and ``span_id`` (hex, or None) to every record."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        context = trace.get_current_span().get_span_context()
        record.service = self.service
        record.trace_id = format(context.trace_id, "032x") if context.is_valid else None
        record.span_id = format(context.span_id, "016x") if context.is_valid else None
        return True


def configure_logging(
    service_name: str, level: str | int = "INFO", json: bool = True, *, stream: TextIO | None = None
) -> logging.Handler:
    """Route the root logger to ``stream`` (stderr); calling it again replaces the kit's handler."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_MARK, False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    setattr(handler, _HANDLER_MARK, True)
    # On the handler, not the logger: logger filters skip records propagated from children.
    handler.addFilter(TraceContextFilter(service_name))
    formatter: logging.Formatter
    if json:
        formatter = JsonFormatter(
            "{levelname}{name}{message}{service}{trace_id}{span_id}",
            style="{",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp=True,
        )
    else:
        formatter = logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s [%(service)s trace=%(trace_id)s span=%(span_id)s] %(message)s"
        )
    handler.setFormatter(formatter)
    root.addHandler(handler)
    root.setLevel(level.upper() if isinstance(level, str) else level)
    return handler
