"""Links in abstracts and comments: every http(s) URL, and the first one to a code host."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "CODE_HOSTS",
    "MARKDOWN_LINK",
    "MARKDOWN_LINK_TAIL",
    "URL",
    "code_url",
    "find_urls",
    "link_text",
    "url_spans",
]

#: Hosts whose links count as code (`Paper.code_url`).
CODE_HOSTS = (
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "huggingface.co",
    "paperswithcode.com",
)

# arXiv's own markdown for links in abstracts: "[this https URL](https://github.com/...)".
# The URL stops at a bracket: a URL holds none unescaped, and so no match runs past the
# next link's start (linear on "[a](http://" repeated).
MARKDOWN_LINK_TAIL = r"([^\[\]\n]{0,200})\]\((https?://[^\s()\[\]]+(?:\([^\s()\[\]]*\))?)\)"
"""A markdown link `[label](url)` after its `[`: the label and the URL are its groups."""
MARKDOWN_LINK = re.compile(r"\[" + MARKDOWN_LINK_TAIL)
URL = re.compile(r"https?://[^\s<>\"'{}\\^`|]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*"


_THIS_URL = re.compile(r"this https? URL", re.IGNORECASE)


def link_text(label: str, url: str) -> str:
    """The text of a markdown link: "[this https URL](u)" says nothing but the URL."""
    if label == "this https URL":  # arXiv's own label, as it writes it: no pattern needed
        return url
    stripped = label.strip()
    if stripped == url or _THIS_URL.fullmatch(stripped):
        return url
    return f"{label} ({url})"


def _clean_url(url: str) -> str:
    end = len(url.rstrip(_TRAILING))
    if ")" not in url and "]" not in url:  # most URLs: no bracket to weigh ("{}" none ever)
        return url[:end]
    # A closing bracket belongs to the URL only if the URL opened one: "(see https://x.org)".
    # Counted once, then cut by moving an index: linear for any number of brackets.
    for opening, closing in ("()", "[]", "{}"):
        unopened = url.count(closing, 0, end) - url.count(opening, 0, end)
        while unopened > 0 and end > 0 and url[end - 1] == closing:
            end -= 1
            unopened -= 1
            while end > 0 and url[end - 1] in _TRAILING:
                end -= 1
    return url[:end]


def find_urls(*texts: str | None) -> list[str]:
    """Every http(s) link in the texts, in order, once, without trailing punctuation.

    Examples:
        >>> find_urls("Code: [this https URL](https://github.com/a/b).", "see https://x.org/.")
        ['https://github.com/a/b', 'https://x.org/']
    """
    found: dict[str, None] = {}
    for text in texts:
        colon = text.find("://") if text else -1
        if text is None or colon < 0:  # no link: nothing to scan (most text)
            continue
        # A markdown link's URL is cut out, or it would run on past its ")". `\url{u}` needs
        # nothing of the kind: a URL stops at a brace or a backslash.
        if "]" in text and "](" in text:  # a one-character search first: C's memchr
            text = MARKDOWN_LINK.sub(lambda m: f" {m.group(2)} ", text)  # noqa: PLW2901
            colon = 0
        for start, end in url_spans(text, colon):
            url = _clean_url(text[start:end])
            if _has_host(url):
                found.setdefault(url, None)
    return list(found)


def _has_host(url: str) -> bool:
    # What `urlsplit(url).netloc` would say, without building the split.
    rest = url[url.index("://") + 3 :]
    return rest[:1] not in ("", "/", "?", "#")


def url_spans(text: str, begin: int = 0) -> list[tuple[int, int]]:
    """Where each http(s) URL in `text` starts and ends (URLs whose "://" is from `begin`).

    Found from each "://" (`str.find`), not by a case-insensitive pattern tried at every
    character of the text.

    Spans never overlap: the search goes on after the URL just found, so "http://"
    repeated is one URL, found in one pass, not a URL at each repeat (quadratic).
    """
    spans: list[tuple[int, int]] = []
    colon = text.find("://", begin)
    while colon >= 0:
        after = colon + 3
        for scheme in ("https", "http"):
            start = colon - len(scheme)
            if start >= 0 and text[start:colon].lower() == scheme:
                match = URL.match(text, start)
                if match is not None:
                    spans.append((start, match.end()))
                    after = max(after, match.end())
                break
        colon = text.find("://", after)
    return spans


def code_url(urls: Iterable[str]) -> str | None:
    """The first link to a code host (GitHub, GitLab, Bitbucket, Hugging Face, Papers with Code)."""
    for url in urls:
        if _host(url) in CODE_HOSTS:
            return url
    return None


def _host(url: str) -> str:
    """The URL's host name without `www.`; none for a host urllib cannot read (`[` unclosed)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return ""
    return (host or "").removeprefix("www.")
