"""``python -m complaints serve|relay|topics|republish|migrate|makemigration|rebuild-projections|replay-dlt``:
the kit's entry point (``cskit.service``) with the complaints declaration (``service.py``)."""

from __future__ import annotations

from complaints.service import DECLARATION, MIGRATIONS
from cskit.service import run

__all__ = ["MIGRATIONS", "main"]


def main(argv: list[str] | None = None) -> None:
    run(DECLARATION, argv)


if __name__ == "__main__":
    main()
