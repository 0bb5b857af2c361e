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
from papercorpus.derive._latex import SPAN_CACHE_SIZE, macro_name, macro_text, render, short_math
from papercorpus.derive._links import MARKDOWN_LINK_TAIL, link_text, url_spans
from papercorpus.derive._tex import (
    CLOSING_PUNCTUATION,
    DROPPED,
    ESCAPED,
    SELF_CONTAINED_NAME,
    SPECIAL,
)

__all__ = ["latex_to_text", "render_squashed"]

# Every span starts with one of the characters `SPECIAL` finds; the pattern starts with
# that class, so that the engine skips plain text at C speed (an alternation of groups
# would be tried at every character), then tells the kind by a look-behind at it.
_SPANS = re.compile(
    r"[\\$\[{}~](?:"
    + "|".join(
        (
            r"(?<=\$)(?P<math>[^$]{0,61}[^$\\]\$)",  # as `_latex` renders it without a search
            rf"(?<=\\)(?P<macro>{SELF_CONTAINED_NAME})",
            r"(?<=\\)(?P<escape>[%&$#_{} ,;:>!\-/@)\]\\])",
            r"(?<=\\)(?P<accent>[\"'^`~=.](?:[A-Za-z]|\{[A-Za-z]\}))",
            rf"(?<=\[)(?P<link>{MARKDOWN_LINK_TAIL})",
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


def render_squashed(text: str) -> str:
    """`latex_to_text` of text already squashed (a Paper's fields are)."""
    if SPECIAL.search(text) is None:
        return text
    rendered = _render_spans(text)
    return _squash_spaces(render(text)) if rendered is None else rendered


def _squash_spaces(rendered: str) -> str:
    # The input is squashed and rendering adds no whitespace but plain spaces: runs of
    # them (where a citation went) and spaces at the ends are all there is to squash.
    while "  " in rendered:
        rendered = rendered.replace("  ", " ")
    return rendered.strip(" ")


def _render_spans(text: str) -> str | None:
    """The rendering of `text` if it holds only self-contained spans, else None."""
    if _DROP_SPACE in text or not _urls_hold_no_span(text):
        return None
    state = _State(text)
    rendered = _SPANS.sub(state.replace, text)
    if state.other:
        return None
    if state.dropped:  # each marker goes, with the space before it (one-character splits)
        rendered = "".join(part.removesuffix(" ") for part in rendered.split(_DROP_SPACE))
    # Text between spans is squashed already: only a span rendered empty, or with a space
    # at an end or inside twice, can leave spaces to squash (the full scan is then needed).
    return _squash_spaces(rendered) if state.spaced else rendered


def _urls_hold_no_span(text: str) -> bool:
    """Whether no URL in `text` holds a character a span starts with (a URL stays as written).

    A URL holds no space (the text is squashed), a backslash or a brace: from each "://"
    to the next space, no `$`, `[` or `~` is the common case, found by one-character
    searches. Else the URLs themselves are found and searched.
    """
    colon = text.find("://")
    while colon >= 0:
        space = text.find(" ", colon)
        end = len(text) if space < 0 else space
        rest = text[colon:end]
        if "$" in rest or "[" in rest or "~" in rest:
            return all(SPECIAL.search(text, start, end) is None for start, end in url_spans(text))
        colon = text.find("://", end)
    return True


class _State:
    """What one `_SPANS.sub` pass saw: anything it cannot render, dropped macros, spaces."""

    __slots__ = ("dropped", "other", "spaced", "text", "unclean_end")

    def __init__(self, text: str) -> None:
        self.text = text
        self.other = False
        self.dropped = False
        self.spaced = False  # a span's text may leave a run of spaces or one at an end
        self.unclean_end = -1  # where the last span whose text may leave spaces ended

    def replace(self, match: re.Match[str]) -> str:
        """The text of one span: most are remembered (`_CLEAN`), the rest rendered here."""
        rendered = _CLEAN.get(match.group())
        return self._render(match) if rendered is None else rendered

    def _render(self, match: re.Match[str]) -> str:
        kind, span = match.lastgroup, match.group()
        if kind == "math":
            rendered = short_math(span)
        elif kind == "macro" or kind == "accent":  # noqa: PLR1714 (the common case first)
            rendered = macro_text(span)
            if not rendered and kind == "macro" and macro_name(span) in DROPPED:
                return self._dropped(match)
        elif kind == "escape":
            rendered = ESCAPED[span[1]]
        elif kind == "link":  # not remembered: a link's URL seldom comes back
            return self._checked(match, link_text(match.group(_LINK + 1), match.group(_LINK + 2)))
        elif kind == "bracket":
            rendered = "["
        else:
            self.other = True
            return span
        if _is_clean(rendered):
            _remember(span, rendered)
            return rendered
        return self._checked(match, rendered)

    def _checked(self, match: re.Match[str], rendered: str) -> str:
        if not _is_clean(rendered):
            self.spaced = True
            self.unclean_end = match.end()
        return rendered

    def _dropped(self, match: re.Match[str]) -> str:
        # As the renderer does: no space before the punctuation after a dropped macro,
        # when that space is the input's own. Before a space or at the end, that space
        # would be squashed away: it goes now. The marker takes away the space before it
        # only: a span remembered ends with no space, so only a span that may end with one
        # (`unclean_end`), or the start of the text, keeps the marker away.
        start, end = match.span()
        after = self.text[end : end + 1]
        if 0 < start != self.unclean_end and (after in CLOSING_PUNCTUATION or after in _BLANK):
            self.dropped = True
            return _DROP_SPACE
        self.spaced = True
        self.unclean_end = end
        return ""


# A span's text, for spans that render the same wherever they stand and leave no space to
# squash: a span's text tells its kind (each kind starts differently). Bounded: emptied
# when full, like `_latex`'s cache of macros.
_CLEAN: dict[str, str] = {}


def _is_clean(rendered: str) -> bool:
    return bool(rendered) and rendered[0] != " " and rendered[-1] != " " and "  " not in rendered


def _remember(span: str, rendered: str) -> None:
    if len(_CLEAN) >= SPAN_CACHE_SIZE:
        _CLEAN.clear()
    _CLEAN[span] = rendered
