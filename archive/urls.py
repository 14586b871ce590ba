"""The URL scheme (DESIGN.md): short, lowercase, ASCII, permanent.

URLs are site-relative without a leading slash ("kd-net/2021-04-09/5/");
templates prefix them with the page's ``base_url``.
"""
from __future__ import annotations

from pathlib import PurePosixPath

from slugify import slugify as _slugify

from . import records as r

# Danish letters are transliterated the Danish way, not stripped (ø→o).
_REPLACEMENTS = [["æ", "ae"], ["ø", "oe"], ["å", "aa"], ["Æ", "Ae"], ["Ø", "Oe"], ["Å", "Aa"]]


def slugify(text: str) -> str:
    return _slugify(text, replacements=_REPLACEMENTS)


def home() -> str:
    return ""


def committee(slug: str) -> str:
    return f"{slug}/"


def meeting(m: r.Meeting | r.Item) -> str:
    return f"{m.committee}/{m.date.isoformat()}/"


def item(i: r.Item) -> str:
    return f"{meeting(i)}{i.number}/"


def item_anchor(i: r.Item) -> str:
    return f"punkt-{i.number}"


def attachment(i: r.Item, a: r.Attachment) -> str | None:
    """A Markdown attachment is a page; a file keeps its name; a title only has no URL."""
    if not a.file:
        return None
    name = PurePosixPath(a.file)
    if a.is_page:
        return f"{meeting(i)}bilag/{slugify(name.stem)}/"
    return f"{meeting(i)}bilag/{name.name}"


def person(slug: str) -> str:
    return f"personer/{slug}/"


def organisation(slug: str) -> str:
    return f"organisationer/{slug}/"


def topic(slug: str) -> str:
    return f"emner/{slug}/"


def people_index() -> str:
    return "personer/"


def organisations_index() -> str:
    return "organisationer/"


def topics_index() -> str:
    return "emner/"


def case(number: str) -> str:
    return f"sager/{number.lower()}/"


def cases_index() -> str:
    return "sager/"


def accessibility() -> str:
    """The short address of the accessibility statement."""
    return "was/"


def search() -> str:
    return "soeg/"


def source_uri(url: str) -> str:
    """The virtual Markdown file that mkdocs renders to ``url``."""
    return f"{url}index.md"
