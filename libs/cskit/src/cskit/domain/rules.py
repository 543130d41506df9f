"""A registry of which function enforces which rule, so a rule ID leads to its code."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])

rule_registry: dict[str, list[str]] = {}


def enforces(*rule_ids: str) -> Callable[[F], F]:
    """Tag a function as the one place that enforces ``rule_ids``."""

    def tag(fn: F) -> F:
        for rule_id in rule_ids:
            rule_registry.setdefault(rule_id, []).append(f"{fn.__module__}.{fn.__qualname__}")
        fn.__dict__["enforces"] = rule_ids
        return fn

    return tag
