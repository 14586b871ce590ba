"""Danish month and weekday names and date formats, from babel's CLDR data."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date, get_day_names, get_month_names

MONTHS = tuple(get_month_names("wide", locale="da")[m] for m in range(1, 13))
WEEKDAYS = tuple(get_day_names("wide", locale="da")[d] for d in range(7))  # Monday first


@lru_cache(maxsize=None)  # a few thousand distinct dates, formatted many times each
def long_date(date: dt.date) -> str:
    """'9. april 2021'"""
    return format_date(date, "d. MMMM y", locale="da")


@lru_cache(maxsize=None)
def weekday_date(date: dt.date) -> str:
    """'fredag den 9. april 2021'"""
    return format_date(date, "EEEE 'den' d. MMMM y", locale="da")


def count(n: int, one: str, many: str) -> str:
    """'1 møde', '4 møder'."""
    return f"{n} {one if n == 1 else many}"
