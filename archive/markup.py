"""Markdown → HTML for record texts, converted once and reused.

The meeting page repeats every item in full; converting each text once and
shifting its headings for the deeper page saves the cost that dominates a
build (python-markdown is ~78 % of build time on a large archive).
"""
from __future__ import annotations

import re
from functools import lru_cache

import markdown

_md = markdown.Markdown(extensions=["tables", "sane_lists", "attr_list"], output_format="html")


@lru_cache(maxsize=None)
def to_html(text: str) -> str:
    if not text.strip():
        return ""
    _md.reset()
    return _md.convert(text)


_HEADING = re.compile(r"<(/?)h([1-6])\b")


def shift_headings(html: str, by: int) -> str:
    """Move every heading ``by`` levels deeper (h3 → h4), capped at h6."""
    if by == 0:
        return html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + by)}", html)
