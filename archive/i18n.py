"""Interface text from gettext catalogues, through Babel.

Every string a reader sees that is not record text comes from
``archive/locale/<language>/LC_MESSAGES/messages.po``: templates (Jinja's
i18n extension), views, feeds, citations, dates and the scripts (which get
their messages from the page). Message ids are English; Danish is the
default language, English the other one (``theme.language`` in mkdocs.yml).
``python tools/messages.py`` extracts the messages and updates both
catalogues; a test keeps them complete.

The language is set once per build (``activate``) before any page is made;
the render processes are forked after that and inherit it.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALES = Path(__file__).parent / "locale"
DOMAIN = "messages"
DEFAULT = "da"
_active = {"language": DEFAULT}


def N_(message: str) -> str:
    """Marks a message for extraction where it is declared; it is translated
    where it is used (route titles, labels in tables)."""
    return message


def languages() -> tuple[str, ...]:
    return tuple(sorted(p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()))


def catalogue_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def translations(language: str) -> Translations:
    """The catalogue of ``language``, compiled in memory from its .po file (no
    compiled .mo file to keep in step)."""
    with catalogue_path(language).open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    mo = BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return Translations(fp=mo, domain=DOMAIN)


def activate(language: str) -> None:
    if language not in languages():
        raise ValueError(f"no message catalogue for language '{language}' (have: {', '.join(languages())})")
    _active["language"] = language


def language() -> str:
    return _active["language"]


def _(message: str) -> str:
    return translations(_active["language"]).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_active["language"]).ngettext(singular, plural, n)


def count(n: int, singular: str, plural: str) -> str:
    """'1 møde', '4 møder': ``singular`` and ``plural`` are messages with
    %(n)s, written as literals at the call (extraction reads them there)."""
    return ngettext(singular, plural, n) % {"n": n}


@lru_cache(maxsize=None)  # a few thousand distinct dates, formatted many times each
def _format(date: dt.date, pattern: str, language: str) -> str:
    return format_date(date, pattern, locale=language)


def long_date(date: dt.date) -> str:
    """'9. april 2021' / '9 April 2021'"""
    # Translators: a CLDR date pattern (Babel); d day, MMMM month name, y year.
    return _format(date, _("d MMMM y"), _active["language"])


def weekday_date(date: dt.date) -> str:
    """'fredag den 9. april 2021' / 'Friday 9 April 2021'"""
    # Translators: a CLDR date pattern (Babel); EEEE weekday, text in quotes is literal.
    return _format(date, _("EEEE d MMMM y"), _active["language"])


# ------------------------------------------------------------------ catalogues

# Where messages are, and the functions that mark them: N_ marks one message,
# count(n, singular, plural) and plural(singular, plural) a plural pair.
SOURCES = (("archive/**.py", "python"), ("overrides/**.html", "jinja2.ext:babel_extract"))
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "count": (2, 3), "plural": (1, 2)}


def extract(project: Path):
    """Every message of the code and the templates, as a Babel catalogue."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(domain=DOMAIN, project="moedearkiv")
    options = {"overrides/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
    for filename, line, message, comments, context in extract_from_dir(
            project, method_map=list(SOURCES), options_map=options, keywords=KEYWORDS,
            comment_tags=("Translators:",), strip_comment_tags=True):
        catalog.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    return catalog
