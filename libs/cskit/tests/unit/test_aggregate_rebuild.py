"""``EventSourced.rebuild``: the aggregate as its stored history leaves it, nothing pending."""

from __future__ import annotations

from dataclasses import dataclass

from cskit.domain.aggregate import EventSourced


@dataclass(frozen=True)
class Added:
    amount: int


class Counter(EventSourced[Added]):
    total: int

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def add(self, amount: int) -> None:
        self._record(Added(amount))

    def _apply(self, event: Added) -> None:
        self.total += event.amount


def test_rebuild_applies_the_history_in_order_and_leaves_nothing_pending() -> None:
    live = Counter()
    live.add(2)
    live.add(5)

    rebuilt = Counter.rebuild(live.history)

    assert type(rebuilt) is Counter
    assert rebuilt.total == 7
    assert rebuilt.history == [Added(2), Added(5)]
    assert rebuilt.pending == []
    assert rebuilt.version == 2


def test_rebuild_of_an_empty_history_is_a_fresh_aggregate() -> None:
    rebuilt = Counter.rebuild([])

    assert rebuilt.total == 0
    assert rebuilt.version == 0
