"""``python -m keys serve|relay|topics|republish|migrate|makemigration|replay-dlt``: the kit's entry point."""

from __future__ import annotations

from cskit.service import run
from keys.service import DECLARATION


def main(argv: list[str] | None = None) -> None:
    run(DECLARATION, argv)


if __name__ == "__main__":
    main()
