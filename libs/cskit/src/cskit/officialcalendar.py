"""China's official working calendar for a year, from the maintained ``holidays`` package.

Why ``holidays`` (0.109) and not ``chinese-calendar`` (1.11): both carry the State Council's
notices for 2025 and 2026 (days off and make-up working days, 调休), but ``chinese-calendar``
raises for any year it has no notice for (2027 today); ``holidays`` names each day (a statutory holiday by its festival, a
moved weekend "Day off (substituted from ...)", a weekend holiday moved by rule "(observed)"),
so the statutory holidays (法定节假日, OT-03) are the festival-named days without the
observed rule.

A year the package has no notice for yet (announced each November for the next year): the
package only *estimates* it (festivals by rule, no make-up days), so it is not used. The
calendar is weekends only and the year is in ``unannounced_years``
(``WorkingCalendar.is_announced`` is False) for callers to report; the statutory holidays are
the festivals by rule (the law fixes them; only the moved days wait for the notice), and a
branch's overrides fill in the rest until a package release carries the notice."""

from __future__ import annotations

from functools import cache

import holidays as official

from cskit.domain.calendar import WorkingCalendar

# The package's English names, fixed so the statutory test below does not depend on a locale.
_LANGUAGE = "en_US"
_MOVED = "Day off"


def _year_of(country: str, year: int, *, observed: bool) -> official.HolidayBase:
    return official.country_holidays(country, years=year, observed=observed, language=_LANGUAGE)


@cache
def official_calendar(year: int, country: str = "CN") -> WorkingCalendar:
    """The official calendar of ``year`` (cached: the package's data is fixed per release).

    A year without a published notice in the package (2027 with holidays 0.109) comes back
    with weekends and the statutory festivals only, ``year`` in ``unannounced_years``; callers
    report it (``is_announced``) and a branch's overrides fill in the days off and make-up days."""
    by_rule = _year_of(country, year, observed=False)
    statutory = frozenset(d for d, name in by_rule.items() if not name.startswith(_MOVED))
    days_off = _year_of(country, year, observed=True)
    makeup = frozenset(d for d in getattr(days_off, "weekend_workdays", ()) if d.year == year)
    if not makeup:
        # No make-up day means no notice for the year (every year since 2000 has had some).
        return WorkingCalendar(statutory_holidays=statutory, unannounced_years=frozenset({year}))
    return WorkingCalendar(
        holidays=frozenset(d for d in days_off if d.year == year) - statutory,
        makeup_days=makeup,
        statutory_holidays=statutory,
    )
