"""find_urls and code_url: every link once, cleaned, in linear time; the first code link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papercorpus.derive import CODE_HOSTS, code_url, find_urls, latex_to_text


def test_urls_are_cleaned_and_deduplicated() -> None:
    """Trailing punctuation, markdown and LaTeX wrapping go; each link is listed once."""
    urls = find_urls(
        "Code at [this https URL](https://github.com/a/b). See (https://x.org/p_(q)).",
        r"Mirror: \url{https://github.com/a/b}, and https://hf.co/x;",
    )
    assert urls == ["https://github.com/a/b", "https://x.org/p_(q)", "https://hf.co/x"]


URL_PIECES = [
    "\\url{", "\\href{", "}", "{", "http://", "https://", "HTTP://", "x.org", "/", "(", ")", "[",
    "]", "](", " ", ".", ",", "\\", "a", "$", "~", "\\_", "%", "{label}", "ahttp://b", "'", "<",
]  # fmt: skip


@given(st.lists(st.sampled_from(URL_PIECES), max_size=25).map("".join))
def test_a_url_macro_changes_no_link(text: str) -> None:
    r"""`\url{u}` finds what ` u ` finds: a URL stops at a brace or a backslash anyway."""
    spaced = re.sub(r"\\(?:url|href)\{([^{}]*)\}", r" \1 ", text)
    assert find_urls(text) == find_urls(spaced)


def test_urls_on_long_runs() -> None:
    """Thousands of closing brackets after a URL are text like any other."""
    assert find_urls("(https://x.org/a" + ")" * 5000) == ["https://x.org/a"]
    assert find_urls("https://x.org/(a)" + ")." * 3) == ["https://x.org/(a)"]


def test_url_heads_repeated_are_one_url_found_once() -> None:
    """`http://` repeated is one URL; a URL inside a URL is part of it, not another."""
    heads = "http://" * 3000
    assert find_urls(heads) == [heads]
    assert latex_to_text(heads) == heads
    assert find_urls("a http://x.org/http://y.org b https://z.org") == [
        "http://x.org/http://y.org",
        "https://z.org",
    ]


@pytest.mark.parametrize(
    ("url", "code"),
    [
        pytest.param("https://github.com/a/b", True, id="github"),
        pytest.param("HTTPS://www.GitHub.com/a", True, id="case-and-www"),
        pytest.param("https://user@gitlab.com:443/a", True, id="user-and-port"),
        pytest.param("https://huggingface.co/x?y#z", True, id="query"),
        pytest.param("https://bitbucket.org", True, id="no-path"),
        pytest.param("https://github.com.evil.org/a", False, id="longer-host"),
        pytest.param("https://notgithub.com/a", False, id="suffix"),
        pytest.param("https://x.org/github.com", False, id="in-the-path"),
        pytest.param("https://gist.github.com/a", False, id="subdomain"),
        pytest.param("https://[::1/github.com", False, id="unreadable-host"),
    ],
)
def test_code_url_is_the_first_link_to_a_code_host(url: str, code: bool) -> None:  # noqa: FBT001
    """A code host is the URL's host (as urllib reads it), `www.` aside."""
    assert code_url([url]) == (url if code else None)
    assert code_url(["https://x.org/a", url, "https://github.com/first"]) == (
        url if code else "https://github.com/first"
    )


_HOST_PIECES = [
    "https://", "http://", "HTTP://", "hTtPs://", " ", "\t", "\n", "www.", "WWW.", "github.com",
    "GitHub.COM", "gitlab.com", "huggingface.co", "x.org", "@", ":", "443", "[", "]", "::1",
    "%", "/", "?", "#", ".", "a", "K", "\u212a", "\u0131", "\\", "user",
]  # fmt: skip


@given(st.lists(st.sampled_from(_HOST_PIECES), max_size=12).map("".join))
def test_a_code_host_is_read_as_urllib_reads_it(url: str) -> None:
    """Any text, read quickly or by `urlsplit`: a code link exactly when urllib says so."""
    try:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        host = ""
    assert code_url([url]) == (url if host in CODE_HOSTS else None)
