"""Links in abstracts and comments: every http(s) URL, and the first one to a code host."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["CODE_HOSTS", "MARKDOWN_LINK", "URL", "URL_MACRO", "code_url", "find_urls", "link_text"]

#: Hosts whose links count as code (`Paper.code_url`).
CODE_HOSTS = (
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "huggingface.co",
    "paperswithcode.com",
)

# arXiv's own markdown for links in abstracts: "[this https URL](https://github.com/...)".
MARKDOWN_LINK = re.compile(r"\[([^\]\n]{0,200})\]\((https?://[^\s)]+)\)")
URL_MACRO = re.compile(r"\\(?:url|href)\{([^}]*)\}(?:\{([^}]*)\})?")
URL = re.compile(r"https?://[^\s<>\"'{}\\^`|]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*"


def link_text(label: str, url: str) -> str:
    """The text of a markdown link: "[this https URL](u)" says nothing but the URL."""
    if re.fullmatch(r"this https? URL", label.strip(), re.IGNORECASE) or label.strip() == url:
        return url
    return f"{label} ({url})"


def _clean_url(url: str) -> str:
    url = url.rstrip(_TRAILING)
    # A closing bracket belongs to the URL only if the URL opened one: "(see https://x.org)".
    for opening, closing in ("()", "[]", "{}"):
        while url.endswith(closing) and url.count(closing) > url.count(opening):
            url = url[:-1].rstrip(_TRAILING)
    return url


def find_urls(*texts: str | None) -> list[str]:
    """Every http(s) link in the texts, in order, once, without trailing punctuation.

    Examples:
        >>> find_urls("Code: [this https URL](https://github.com/a/b).", "see https://x.org/.")
        ['https://github.com/a/b', 'https://x.org/']
    """
    found: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        plain = MARKDOWN_LINK.sub(lambda m: f" {m.group(2)} ", text)
        plain = URL_MACRO.sub(lambda m: f" {m.group(1)} ", plain)
        for match in URL.finditer(plain):
            url = _clean_url(match.group(0))
            if urlsplit(url).netloc:
                found.setdefault(url, None)
    return list(found)


def code_url(urls: list[str]) -> str | None:
    """The first link to a code host (GitHub, GitLab, Bitbucket, Hugging Face, Papers with Code)."""
    for url in urls:
        host = urlsplit(url).netloc.lower().removeprefix("www.")
        if host in CODE_HOSTS:
            return url
    return None
