"""Number and date formats: French (1 234,56 EUR, 02/12/2026) or international.

French formats follow the French typographic rules that Excel and the
invoicing tools of a French SME use: a narrow no-break space (U+202F) groups
thousands, a comma marks decimals, a no-break space (U+00A0) sits before the
currency and the percent sign, dates are day/month/year. International
formats use a comma for thousands, a point for decimals and ISO 8601 dates.
A missing value (None, NaN) is shown as an em dash, never as 0.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

#: Thousands separator of the French format (narrow no-break space).
NARROW_NBSP = "\u202f"
#: Space between a number and its unit in the French format.
NBSP = "\u00a0"
#: Shown for a missing value.
MISSING = "\u2014"
CURRENCY = "EUR"


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def number(value: float | None, french: bool, decimals: int = 0) -> str:
    """A number with thousands grouped: ``1 234,5`` or ``1,234.5``."""
    if _is_missing(value):
        return MISSING
    text = f"{float(value):,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    if french:
        text = text.replace(",", NARROW_NBSP).replace(".", ",")
    return text


def money(value: float | None, french: bool, decimals: int = 2) -> str:
    """An amount in EUR: ``1 234,50 EUR`` or ``1,234.50 EUR``."""
    if _is_missing(value):
        return MISSING
    space = NBSP if french else " "
    return f"{number(value, french, decimals)}{space}{CURRENCY}"


def percent(ratio: float | None, french: bool, decimals: int = 1) -> str:
    """A ratio as a percentage (0.125 -> ``12,5 %`` or ``12.5%``)."""
    if _is_missing(ratio):
        return MISSING
    text = number(float(ratio) * 100, french, decimals)
    return f"{text}{NBSP}%" if french else f"{text}%"


def days(value: float | None, french: bool, decimals: int = 0) -> str:
    """A duration in days: ``42 days``."""
    if _is_missing(value):
        return MISSING
    return f"{number(value, french, decimals)} days"


def date(value: dt.date | None, french: bool) -> str:
    """A date: ``02/12/2026`` (French) or ``2026-12-02`` (ISO 8601)."""
    if value is None or _is_missing_date(value):
        return MISSING
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.strftime("%d/%m/%Y") if french else value.isoformat()


def _is_missing_date(value: object) -> bool:
    # pandas gives NaT for a missing date; NaT != NaT like NaN.
    return value != value  # noqa: PLR0124


@dataclass(frozen=True)
class Formatter:
    """The formats of one page view, bound to the French / international choice."""

    french: bool

    def number(self, value: float | None, decimals: int = 0) -> str:
        """See :func:`number`."""
        return number(value, self.french, decimals)

    def money(self, value: float | None, decimals: int = 2) -> str:
        """See :func:`money`."""
        return money(value, self.french, decimals)

    def percent(self, ratio: float | None, decimals: int = 1) -> str:
        """See :func:`percent`."""
        return percent(ratio, self.french, decimals)

    def days(self, value: float | None, decimals: int = 0) -> str:
        """See :func:`days`."""
        return days(value, self.french, decimals)

    def date(self, value: dt.date | None) -> str:
        """See :func:`date`."""
        return date(value, self.french)

    @property
    def date_pattern(self) -> str:
        """The date pattern of ``st.date_input`` matching :func:`date`."""
        return "DD/MM/YYYY" if self.french else "YYYY/MM/DD"
