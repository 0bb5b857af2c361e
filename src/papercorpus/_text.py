"""Plain-text helpers every layer shares: one whitespace rule, one way to shorten text."""

from __future__ import annotations

import re

__all__ = [
    "ELLIPSIS",
    "cell",
    "first_line",
    "shorten",
    "squash",
    "squash_lines",
    "squashed_field",
    "squashed_lines_field",
    "visible",
]

ELLIPSIS = "\u2026"


def squash(text: str) -> str:
    r"""One space between words, none at the ends: `" ".join(text.split())`, but fast.

    Text that is already squashed comes back as it is after C-speed checks: no whitespace
    but the space (`_one_space_only`), no double space, no space at either end means
    nothing to squash.

    Examples:
        >>> squash("  Large\n  models. ")
        'Large models.'
    """
    if _one_space_only(text) and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _one_space_only(text: str) -> bool:
    """Whether the only whitespace `text` may hold is the plain space.

    ASCII text (known in constant time) is searched for each character other than the
    space that `str.split()` splits it at, a C-speed search each, rather than asked
    `isprintable()`, which the rest of Unicode needs (every whitespace character but the
    space is unprintable) and which reads every character in Python's tables.
    """
    if text.isascii():  # each test a memchr: written out, as a loop costs more than all nine
        return not (
            "\n" in text
            or "\t" in text
            or "\r" in text
            or "\x0b" in text
            or "\x0c" in text
            or "\x1c" in text
            or "\x1d" in text
            or "\x1e" in text
            or "\x1f" in text
        )
    return text.isprintable()


def squash_lines(text: str) -> str:
    """Squash each line, drop the blank ones: comments keep one line per comment block."""
    if _one_space_only(text) and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # one line (a line break is whitespace), squashed already
    return "\n".join(line for line in (squash(line) for line in text.splitlines()) if line)


def squashed_field(value: str | None) -> str | None:
    """A text field as a Paper holds it: one space between words, and no blank text."""
    # Listings wrap text at arbitrary places.
    return None if value is None else squash(value) or None


def squashed_lines_field(value: str | None) -> str | None:
    """A comments field as a Paper holds it: one line a comment block, each squashed."""
    return None if value is None else squash_lines(value) or None


def shorten(text: str, width: int) -> str:
    """Cut `text` to at most `width` characters, marking a cut with an ellipsis.

    Examples:
        >>> shorten("abcdef", 4)
        'abc…'
    """
    return text if len(text) <= width else text[: max(width - 1, 0)] + ELLIPSIS


def cell(text: str | None, width: int) -> str:
    """`text` squashed and shortened to `width`, padded to `width`: one cell of a table."""
    return visible(shorten(squash(text or ""), width)).ljust(width)


# What a terminal would act on rather than show: C0 controls but the tab and the line break
# (as their Unicode control pictures: ESC is ␛), DEL (␡), C1 controls and the bidirectional
# overrides (as U+FFFD). One character for one, so that a caret under a column still points
# at it; lines stay lines.
_PICTURES = {
    **{code: 0x2400 + code for code in range(0x20) if code not in (0x09, 0x0A)},
    0x7F: 0x2421,
    **dict.fromkeys((*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)), 0xFFFD),
}


def visible(text: str) -> str:
    r"""`text` safe to print for a person: escape sequences shown, never acted on.

    Examples:
        >>> visible("red \x1b[31m")
        'red ␛[31m'
    """
    return text.translate(_PICTURES)


# In JSON text, the characters a terminal acts on that JSON may leave raw (DEL, C1 controls,
# bidirectional overrides): written as escapes, which mean the same to every JSON reader.
_ACTING = (0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in _ACTING}
_UNSAFE = re.compile("[" + "".join(chr(code) for code in _ACTING) + "]")


def json_safe(text: str) -> str:
    r"""JSON `text` with DEL, C1 controls and bidi overrides escaped: the same JSON value.

    Examples:
        >>> json_safe('{"t": "a\u202eb"}')
        '{"t": "a\\u202eb"}'
    """
    return text if _UNSAFE.search(text) is None else text.translate(_JSON_ESCAPES)


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (a library's may run on), or its type."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
