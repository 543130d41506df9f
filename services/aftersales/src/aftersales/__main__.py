"""``python -m aftersales serve|relay|topics|republish|migrate|makemigration|replay-dlt``: the kit's entry point."""

from __future__ import annotations

from aftersales.service import DECLARATION
from cskit.service import run


def main(argv: list[str] | None = None) -> None:
    run(DECLARATION, argv)


if __name__ == "__main__":
    main()
