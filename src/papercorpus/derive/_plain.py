r"""`latex_to_text`: plain Unicode text from arXiv's LaTeX, the common case at C speed.

Nearly every abstract holds only spans that render the same wherever they stand: inline
math (`$\alpha=0.5$`), a formatting or citation macro with one plain argument
(`\emph{few-shot}`, `\cite{a}`), an accent (`Schr\"odinger`), an escaped special (`\%`),
a markdown link. One regular expression finds them all, each rendered once and then
taken from a bounded cache (`_latex`). Text holding anything else (a brace group, display
math, a macro with arguments that nest, a special character inside a URL) goes to the
full one-pass renderer, `_latex.render`, which gives the same text for these spans: a
property test compares both on hostile input.
"""

from __future__ import annotations

import re

from papercorpus._text import squash
from papercorpus.derive._latex import (
    _CLOSING_PUNCTUATION,
    _DROPPED,
    _ESCAPED,
    _SELF_CONTAINED,
    _SPECIAL,
    _macro_text,
    _name,
    _short_math,
    render,
)
from papercorpus.derive._links import MARKDOWN_LINK, link_text, url_spans

__all__ = ["latex_to_text", "render_squashed"]

# Every span starts with one of the characters `_SPECIAL` finds; the pattern starts with
# that class, so that the engine skips plain text at C speed (an alternation of groups
# would be tried at every character: ten times slower), then tells the kind by a
# look-behind at it.
_SPANS = re.compile(
    r"[\\$\[{}~](?:"
    + "|".join(
        (
            r"(?<=\$)(?P<math>[^$]{0,61}[^$\\]\$)",  # as `_latex` renders it without a search
            rf"(?<=\\)(?P<macro>{_SELF_CONTAINED.pattern.removeprefix(chr(92) * 2)})",
            r"(?<=\\)(?P<escape>[%&$#_{} ,;:>!\-/@)\]\\])",
            r"(?<=\\)(?P<accent>[\"'^`~=.](?:[A-Za-z]|\{[A-Za-z]\}))",
            rf"(?<=\[)(?P<link>{MARKDOWN_LINK.pattern.removeprefix(chr(92) + '[')})",
            r"(?<=\[)(?P<bracket>)",  # a "[" that opens no link stays as it is
            r"(?P<other>)",  # anything else: the full renderer's job
        )
    )
    + ")"
)
_LINK = _SPANS.groupindex["link"]  # the link's label and URL are the two groups after it
_DROP_SPACE = "\x00"  # "the space before goes too": never in text this path renders
_BLANK = frozenset(("", " "))


def latex_to_text(latex: str, *, squashed: bool = False) -> str:
    r"""Render arXiv's LaTeX to plain Unicode text, in time linear in its length; never raises.

    Formatting macros go but their text stays, `\url{u}` becomes `u`, citations go,
    symbols and accents become Unicode (`$\alpha$` -> `α`, `$x^2$` -> `x²`, `\"o` -> `ö`);
    math with no faithful rendering stays as written.

    Examples:
        >>> latex_to_text(r"PanGu-$\alpha$ is \textit{few-shot}, see \url{https://x.org}.")
        'PanGu-α is few-shot, see https://x.org.'
        >>> print(latex_to_text(r"we bound $\sum_{i=1}^{n} x_i^2$ by 50% \cite{a}"))
        we bound $\sum_{i=1}^{n} x_i^2$ by 50%

    `squashed=True` says `latex` is squashed already (as a Paper's text is): it is not
    checked again.
    """
    return render_squashed(latex if squashed else squash(latex))


def render_squashed(text: str, *, spans: bool = True) -> str:
    """`latex_to_text` of text already squashed (a Paper's fields are).

    `spans=False` skips the common-case path (for tests that compare the two).
    """
    if _SPECIAL.search(text) is None:
        return text
    rendered = _render_spans(text) if spans else None
    return _squash_spaces(render(text)) if rendered is None else rendered


def _squash_spaces(rendered: str) -> str:
    # The input is squashed and rendering adds no whitespace but plain spaces: runs of
    # them (where a citation went) and spaces at the ends are all there is to squash.
    while "  " in rendered:
        rendered = rendered.replace("  ", " ")
    return rendered.strip(" ")


def _render_spans(text: str) -> str | None:
    """The rendering of `text` if it holds only self-contained spans, else None."""
    if _DROP_SPACE in text:
        return None
    if "://" in text:  # a URL stays as written: none may hold a character spans start with
        for start, end in url_spans(text):
            if _SPECIAL.search(text, start, end) is not None:
                return None
    state = _State(text)
    rendered = _SPANS.sub(state.replace, text)
    if state.other:
        return None
    if state.dropped:
        rendered = rendered.replace(" " + _DROP_SPACE, "").replace(_DROP_SPACE, "")
    # Text between spans is squashed already: only a span rendered empty, or with a space
    # at an end or inside twice, can leave spaces to squash (the full scan is then needed).
    return _squash_spaces(rendered) if state.spaced else rendered


class _State:
    """What one `_SPANS.sub` pass saw: anything it cannot render, dropped macros, spaces."""

    __slots__ = ("dropped", "last_end", "other", "spaced", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.other = False
        self.dropped = False
        self.spaced = False  # a span's text may leave a run of spaces or one at an end
        self.last_end = 0

    def replace(self, match: re.Match[str]) -> str:  # noqa: PLR0911 (one return a kind)
        kind = match.lastgroup
        previous_end, self.last_end = self.last_end, match.end()
        if kind == "math":
            rendered = _short_math(match.group())
            if not rendered:  # math of spaces alone; otherwise squashed, or as written
                self.spaced = True
            return rendered
        if kind == "macro" or kind == "accent":  # noqa: PLR1714 (the common case first)
            span = match.group()
            rendered = _macro_text(span)
            if rendered or kind == "accent" or _name(span) not in _DROPPED:
                return self._checked(rendered)
            # As the renderer does: no space before the punctuation after a dropped macro,
            # when that space is the input's own (not the end of a span rendered before).
            # Before a space or at the end, that space would be squashed away: it goes now.
            start = match.start()
            after = self.text[self.last_end : self.last_end + 1]
            if start - 1 >= previous_end and (after in _CLOSING_PUNCTUATION or after in _BLANK):
                self.dropped = True
                return _DROP_SPACE
            self.spaced = True
            return ""
        if kind == "escape":
            rendered = _ESCAPED[match.group()[1]]
            if rendered in _BLANK:
                self.spaced = True
            return rendered
        if kind == "link":
            return self._checked(link_text(match.group(_LINK + 1), match.group(_LINK + 2)))
        if kind == "bracket":
            return "["
        self.other = True
        return match.group()

    def _checked(self, rendered: str) -> str:
        if not rendered or rendered[0] == " " or rendered[-1] == " " or "  " in rendered:
            self.spaced = True
        return rendered
