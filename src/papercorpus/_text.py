"""Plain-text helpers every layer shares: one whitespace rule, one way to shorten text."""

from __future__ import annotations

__all__ = ["ELLIPSIS", "cell", "shorten", "squash", "squash_lines"]

ELLIPSIS = "\u2026"


def squash(text: str) -> str:
    r"""One space between words, none at the ends: `" ".join(text.split())`, but fast.

    Text that is already squashed comes back as it is after three C-speed checks (about
    a microsecond for an abstract): every character `str.split()` takes for whitespace,
    except the plain space, is unprintable, so printable text with no double space and no
    space at either end has nothing to squash.

    Examples:
        >>> squash("  Large\n  models. ")
        'Large models.'
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def squash_lines(text: str) -> str:
    """Squash each line, drop the blank ones: comments keep one line per comment block."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # one line (line breaks are unprintable), squashed already
    return "\n".join(line for line in (squash(line) for line in text.splitlines()) if line)


def shorten(text: str, width: int) -> str:
    """Cut `text` to at most `width` characters, marking a cut with an ellipsis.

    Examples:
        >>> shorten("abcdef", 4)
        'abc…'
    """
    return text if len(text) <= width else text[: max(width - 1, 0)] + ELLIPSIS


def cell(text: str | None, width: int) -> str:
    """`text` squashed and shortened to `width`, padded to `width`: one cell of a table."""
    return shorten(squash(text or ""), width).ljust(width)
