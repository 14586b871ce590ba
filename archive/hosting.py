"""Rules for the static host, derived from the site: what a host must answer
that files alone cannot say.

- The security headers (``HEADERS``: the Content-Security-Policy the site
  is built for, and the rest) for every response: ``_headers`` (Netlify,
  Cloudflare Pages) and ``.htaccess`` (Apache).
- Pages withdrawn from the archive answer 410 Gone (their page, which says
  why, stays for hosts without rules): ``.htaccess`` (``Redirect gone``),
  ``_redirects`` (Netlify: the page with status 410).
The nginx equivalents are in the README.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from .pages.context import Context


# The site needs no inline script or style and nothing from another host;
# 'wasm-unsafe-eval' is for Pagefind's WebAssembly, data: images are the theme's icons.
CSP = ("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'; object-src 'none'")
HEADERS = (("Content-Security-Policy", CSP), ("X-Content-Type-Options", "nosniff"),
           ("Referrer-Policy", "strict-origin-when-cross-origin"), ("X-Frame-Options", "DENY"))


def headers_file(ctx: Context, _subject=None) -> bytes:
    """Netlify's and Cloudflare Pages' ``_headers``: the headers of every path."""
    lines = ["# Written by the build; do not edit.", "/*"] + [f"  {name}: {value}" for name, value in HEADERS]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _path(ctx: Context, url: str) -> str:
    """A site path as the host sees it: under the path of site_url."""
    return urlsplit(ctx.site_url).path.rstrip("/") + url


def htaccess(ctx: Context, _subject=None) -> bytes:
    lines = ["# Written by the build from the archive's records; do not edit.", "<IfModule mod_headers.c>"]
    lines += [f'  Header always set {name} "{value}"' for name, value in HEADERS]
    lines += ["</IfModule>", "# Pages withdrawn from the archive (withdrawn.yaml): 410 Gone."]
    lines += [f"Redirect gone {_path(ctx, w.url)}" for w in ctx.a.withdrawn]
    return ("\n".join(lines) + "\n").encode("utf-8")


def netlify_redirects(ctx: Context, _subject=None) -> bytes:
    lines = ["# Written by the build from the archive's records; do not edit.",
             "# Pages withdrawn from the archive (withdrawn.yaml): 410 Gone, with the page that says why."]
    lines += [f"{_path(ctx, w.url)} {_path(ctx, w.url)}index.html 410" for w in ctx.a.withdrawn]
    return ("\n".join(lines) + "\n").encode("utf-8")
