"""Markdown → HTML for record texts, converted once and reused.

The meeting page repeats every item in full; converting each text once and
shifting its headings for the deeper page saves the cost that dominates a
build (python-markdown is ~78 % of build time on a large archive).
"""
from __future__ import annotations

import base64
import re

import markdown
import nh3

from .danish import MONTHS
from .i18n import _, language

# fenced_code: HTML in a ``` block is shown as code (escaped), not dropped.
_md = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")

# What Markdown produces, and nothing else: validation refuses raw HTML in the
# records, and this sanitiser (nh3/ammonia) makes sure of it.
ALLOWED_TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
                "pre", "code", "em", "strong", "a", "table", "thead", "tbody", "tr", "th", "td",
                "sub", "sup"}
INLINE_HTML_ALLOWED = {"sub", "sup", "br"}  # the raw tags a record may contain (CO<sub>2</sub>)
_ALIGN = re.compile(r' style="text-align: (left|right|center);"')


def _sanitise(html: str) -> str:
    # Table alignment as a class, not an inline style (CSP: no inline styles).
    html = _ALIGN.sub(r' class="ma-align-\1"', html)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}, "ol": {"start"}},
                     url_schemes={"http", "https", "mailto"}, link_rel=None,
                     allowed_classes={"th": {"ma-align-left", "ma-align-right", "ma-align-center"},
                                      "td": {"ma-align-left", "ma-align-right", "ma-align-center"}})


# A Danish date at the start of a line ("28. august 2020, KD-Net drøfter …",
# also inside a bullet) is not the start of an ordered list numbered 28.
_DATE_AT_LINE_START = re.compile(  # [ \t], not \s: a run of blank lines is not rescanned from each line
    rf"^([ \t]*(?:[-*+][ \t]+)?)(\d{{1,2}})\.(?=[ \t]+(?:{'|'.join(MONTHS)})\b)", re.MULTILINE | re.IGNORECASE)


# E-mail addresses are not published in a form a harvester reads: in the
# page they read "navn (snabel-a) domæne.dk", and a script turns them into a
# mailto link from an encoded attribute.
# Linear on any text: a local part starts only where a run of its letters
# starts, and atomic groups never give back what they took (a 40,000-letter
# run of "a.a.a…" is read once, not once from every letter).
EMAIL = re.compile(r"<?(?:mailto:)?(?<![A-Za-z0-9._%+-])((?>[A-Za-z0-9._%+-]+))@"
                   r"((?>(?:[A-Za-z0-9-]+\.)+)[A-Za-z]{2,})(?![A-Za-z0-9-])>?")
# A Markdown link to an address: its text is kept, the address hidden beside it.
_MAILTO_LINK = re.compile(r"\[([^\]\n]{1,300})\]\([ \t]*<?mailto:([^)\s>]{1,300})>?[ \t]*\)", re.IGNORECASE)
_EMAIL_TOKEN = re.compile(r"MAEMAIL([0-9a-f]+)X")


def hide_emails(text: str) -> str:
    """Plain-text form of every e-mail address in ``text``: "navn (snabel-a)
    domæne.dk" (exports, feeds, and every field that is not Markdown)."""
    if "@" not in text:
        return text
    at = _("(at)")
    return EMAIL.sub(lambda m: f"{m.group(1)} {at} {m.group(2)}", _MAILTO_LINK.sub(r"\1 (\2)", text))


def _email_span(token: re.Match) -> str:
    user, domain = bytes.fromhex(token.group(1)).decode("utf-8").split("@")
    encoded = base64.b64encode(f"{user}@{domain}"[::-1].encode()).decode()
    return f'<span class="ma-email" data-email="{encoded}">{user} {_("(at)")} {domain}</span>'


def to_html(text: str) -> str:
    """Record Markdown → sanitised HTML, converted once per text (and language:
    the hidden form of an e-mail address is interface text) — and across
    builds, through the store of conversions beside the site (``use_store``)."""
    key = (text, language())
    html = _recent.get(key)
    if html is None:
        html = _store.html(*key, _to_html)
        if len(_recent) >= _RECENT:
            _recent.clear()
        _recent[key] = html
    return html


class _NoStore:
    def html(self, text: str, language: str, convert) -> str:
        return convert(text, language)


# The conversions of the last build and of this one are kept on disk
# (conversions.Store): this process remembers only its latest texts (the
# same few words decided again and again: "Godkendt."), so its memory does
# not grow with the archive. A meeting's item texts are converted once for
# its pages anyway (pages/meetings.item_views); 5,000 texts of 1–6 KB and
# their HTML were 33 MB a render process.
_store = _NoStore()
_recent: dict[tuple[str, str], str] = {}
_RECENT = 500


def use_store(store) -> None:
    """Where conversions are looked up and recorded (``conversions.Store``)."""
    global _store
    _store = store if store is not None else _NoStore()
    _recent.clear()


# Outside code, a "<" that starts none of the tags a record may use nor an
# autolink is text: it passes python-markdown as a private character and
# becomes "&lt;" after — markdown's HTML parsing is quadratic on a run of
# unclosed "<a <a <a …", and so is its handling of many entities.
_LT = "\ue000"
_CODE_PARTS = re.compile(r"(^(?:```|~~~).*?^(?:```|~~~)[ \t]*$|`[^`\n]*`)", re.MULTILINE | re.DOTALL)
_LONE_LT = re.compile(r"<(?!/?(?:sub|sup|br)\b|https?://|mailto:)", re.IGNORECASE)


def _escape_lone_lt(text: str) -> str:
    if "<" not in text:
        return text
    parts = _CODE_PARTS.split(text)
    return "".join(part if n % 2 else _LONE_LT.sub(_LT, part) for n, part in enumerate(parts))


def _to_html(text: str, _language: str) -> str:
    if not text.strip():
        return ""
    _md.reset()
    source = _escape_lone_lt(_DATE_AT_LINE_START.sub(r"\1\2\\.", text))
    # Addresses become opaque tokens before Markdown sees them (no mailto
    # autolinks), and spans after.
    source = _MAILTO_LINK.sub(r"\1 (\2)", source)  # [Brian](mailto:…) → Brian (address)
    source = EMAIL.sub(lambda m: f"MAEMAIL{(m.group(1) + '@' + m.group(2)).encode().hex()}X", source)
    return _EMAIL_TOKEN.sub(_email_span, _sanitise(_md.convert(source))).replace(_LT, "&lt;")


_HEADING = re.compile(r"<(/?)h([1-6])\b")


def shift_headings(html: str, by: int) -> str:
    """Move every heading ``by`` levels deeper (h3 → h4), capped at h6."""
    if by == 0:
        return html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, max(1, int(m.group(2)) + by))}", html)


def rebase_headings(html: str, top: int) -> str:
    """Shift the headings of a text so that its highest one is ``top``: a text
    placed under an h2 starts at h3, whatever levels its author used."""
    levels = [int(level) for _, level in _HEADING.findall(html)]
    return shift_headings(html, top - min(levels)) if levels else html


_TAG = re.compile(r"(<[^>]+>)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
# Text inside these is never turned into links: links, headings, code.
_NO_LINKS = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"}


def link_text(html: str, find) -> str:
    """Wrap the spans that ``find(text) -> [(start, end, url)]`` returns in
    links, in the text of ``html`` only (never inside tags, links, headings
    or code). Overlapping spans: the first wins."""
    out, depth = [], 0
    for part in _TAG.split(html):
        if part.startswith("<"):
            tag = _TAG_NAME.match(part)
            if tag and tag.group(2).lower() in _NO_LINKS and not part.endswith("/>"):
                depth += -1 if tag.group(1) else 1
            out.append(part)
        elif depth == 0 and part.strip():
            out.append(_wrap(part, find(part)))
        else:
            out.append(part)
    return "".join(out)


def _wrap(text: str, spans) -> str:
    result, position = [], 0
    for start, end, url in sorted(spans):
        if start < position:
            continue
        result += [text[position:start], f'<a class="ma-mention" href="{url}">{text[start:end]}</a>']
        position = end
    result.append(text[position:])
    return "".join(result)
