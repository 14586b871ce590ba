"""Rules for the static host, derived from the site: what a host must answer
that files alone cannot say. Pages withdrawn from the archive answer
410 Gone (their page, which says why, stays for hosts without rules).

- ``.htaccess`` for Apache (``Redirect gone``);
- ``_redirects`` for Netlify (a rewrite to the page with status 410).
An nginx equivalent is in the README.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from .pages.context import Context


def _path(ctx: Context, url: str) -> str:
    """A site path as the host sees it: under the path of site_url."""
    return urlsplit(ctx.site_url).path.rstrip("/") + url


def htaccess(ctx: Context, _subject=None) -> bytes:
    lines = ["# Written by the build from the archive's records; do not edit.",
             "# Pages withdrawn from the archive (withdrawn.yaml): 410 Gone."]
    lines += [f"Redirect gone {_path(ctx, w.url)}" for w in ctx.a.withdrawn]
    return ("\n".join(lines) + "\n").encode("utf-8")


def netlify_redirects(ctx: Context, _subject=None) -> bytes:
    lines = ["# Written by the build from the archive's records; do not edit.",
             "# Pages withdrawn from the archive (withdrawn.yaml): 410 Gone, with the page that says why."]
    lines += [f"{_path(ctx, w.url)} {_path(ctx, w.url)}index.html 410" for w in ctx.a.withdrawn]
    return ("\n".join(lines) + "\n").encode("utf-8")
