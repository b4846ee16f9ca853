"""What every livertx HTML page shares, the handout's and the review page's: the head that lets
a page load nothing from anywhere and send no referrer, and the escaping of catalog and user
text. It needs nothing of the handout outline, so the review page does not depend on it.
"""

from __future__ import annotations

import html

from ..textsafe import strip_controls

_SAFE_SCHEMES = ("https://", "http://", "mailto:")

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
"""No script, font, image, frame or fetch may load: the page asks nothing of any server."""


def esc(value: object) -> str:
    """Text from the catalog or the user, safe as HTML text or attribute value."""
    return html.escape(strip_controls(str(value if value is not None else "")), quote=True)


def link(text: str, url: str | None) -> str:
    """A link when the URL is a web or mail address; the text alone otherwise."""
    if not url or not url.lower().startswith(_SAFE_SCHEMES):
        return esc(text)
    return f'<a href="{esc(url)}" rel="noreferrer noopener">{esc(text)}</a>'


def page_start(title: str, css: str) -> list[str]:
    """A livertx page's lines up to its <body>: a phone's viewport, the policy that lets it load
    nothing from anywhere, no referrer sent, its title (escaped here) and its inline style."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{esc(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
    ]
