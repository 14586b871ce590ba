"""Danish month and weekday names, from babel's CLDR data: record text is
Danish whatever the interface language, and the finders read its dates
("fredag den 9. april 2021"). Dates the interface shows are in ``i18n.py``."""
from __future__ import annotations

from babel.dates import get_day_names, get_month_names

MONTHS = tuple(get_month_names("wide", locale="da")[m] for m in range(1, 13))
WEEKDAYS = tuple(get_day_names("wide", locale="da")[d] for d in range(7))  # Monday first
