r"""Plain text from arXiv's LaTeX-flavoured abstracts and titles, in one linear pass.

`latex_to_text` reads the text once, left to right, and renders what abstracts use by
itself: inline math made of symbols and digit scripts (`$\alpha$` -> `α`, `$x^2$` -> `x²`),
formatting (`\textit{few-shot}` -> `few-shot`), citations (gone), `\url`, markdown links,
accents (`Schr\"odinger` -> `Schrödinger`), escaped specials (`\%` -> `%`). Math with no
faithful Unicode rendering stays exactly as written (`$\sum_{i=1}^{n} x_i^2$`): blanket
conversion turns real notation into nonsense (`∑_i=1^n x_i^2`).

Symbol macros it does not know by name are looked up in pylatexenc's table of ~900
macros (loaded on first need); macros that are in neither lose their name and keep their
arguments as text. pylatexenc's converter itself is never run: it is quadratic on
unclosed groups, logs to stderr, and leaks its templates (`\frac{dy}y` -> `%s/%sdyy`).

Every step is linear: delimiters are paired by scanning forward once (an unclosed `$`
or `\(` is remembered, not searched for again), braces are matched by one stack pass,
optional arguments are bounded. Nothing is substituted into the input, so no character
of the input (private-use ones included) can collide with the renderer's bookkeeping.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from papercorpus.derive._links import MARKDOWN_LINK, link_text, url_spans
from papercorpus.derive._tex import (
    ACCENTED,
    ACCENTED_AFTER_NAME,
    ACCENTS,
    BRACE,
    CLOSING_PUNCTUATION,
    DEGREES,
    DROPPED,
    ESCAPED,
    FAITHFUL_TOKEN,
    FORMATTING,
    MATH_CLOSERS,
    MATH_MACRO,
    MATH_SPACES,
    MATH_SYMBOLS,
    NAME,
    OPTIONAL,
    SCRIPT,
    SPACES,
    SPECIAL,
    SUBSCRIPT,
    SUPERSCRIPT,
    TEXT_SYMBOLS,
    pylatexenc_macros,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["SPAN_CACHE_SIZE", "macro_name", "macro_text", "render", "short_math"]

#: Rendered spans remembered (a macro alone, short math): emptied when full.
SPAN_CACHE_SIZE = 1 << 16
_SPAN_CACHE: dict[str, str] = {}


def render(text: str) -> str:
    """Render `text` in one pass; the result may hold runs of spaces (see `_plain`)."""
    return _Renderer(text).render()


class _Renderer:
    """One left-to-right pass over one text; every method returns where reading goes on."""

    __slots__ = ("after", "braces", "open", "out", "pending", "skip", "text", "unclosed")

    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[str] = []
        self.braces: dict[int, int] = {}  # "{" -> its "}", found as far as asked
        self.pending: Iterator[re.Match[str]] | None = None  # the brace scan, where it stopped
        self.open: list[int] = []  # the scan's unclosed "{" so far
        self.skip: dict[int, int] = {}  # an argument to leave out: its "{" -> past its "}"
        self.after: dict[int, str] = {}  # text to add at an argument's "}"
        self.unclosed: set[str] = set()  # math openers with no closer left in the text

    def render(self) -> str:
        """The text rendered."""
        text, out, position = self.text, self.out, 0
        urls = url_spans(text)[::-1]  # a stack, the first URL on top
        search = SPECIAL.search
        while True:
            special = search(text, position)
            start = len(text) if special is None else special.start()
            while urls and urls[-1][0] < position:  # inside what was rendered already
                urls.pop()
            if urls and urls[-1][0] < start:  # a URL stays exactly as written
                end = urls.pop()[1]
                out.append(text[position:end])
                position = end
                continue
            if special is None:
                break
            out.append(text[position:start])
            position = self.special(text[start], start)
        out.append(text[position:])
        return "".join(out)

    def special(self, char: str, start: int) -> int:
        """Render the construct that `char` at `start` opens; return where reading goes on."""
        if char == "\\":
            return self.backslash(start)
        if char == "$":
            return self.math(start, "$$" if self.text.startswith("$$", start) else "$")
        if char == "{":
            return self.skip.get(start, start + 1)
        if char == "}":
            self.out.append(self.after.get(start, ""))
        elif char == "~":
            self.out.append(" ")
        else:
            return self.link(start)
        return start + 1

    def link(self, start: int) -> int:
        match = MARKDOWN_LINK.match(self.text, start)
        if match is None:
            self.out.append("[")
            return start + 1
        self.out.append(link_text(match.group(1), match.group(2)))
        return match.end()

    def math(self, start: int, opener: str) -> int:
        body = start + len(opener)
        closer = MATH_CLOSERS[opener]
        end = -1 if opener in self.unclosed else self.text.find(closer, body)
        while closer[0] == "$" and end > 0 and self.text[end - 1] == "\\":  # `\$` is text
            end = self.text.find(closer, end + 1)
        if end < 0:
            # Nothing closes it here, so nothing closes it further on either.
            self.unclosed.add(opener)
            self.out.append(opener[-1] if opener[0] == "\\" else opener)
            return body
        stop = end + 2 if opener in ("$$", "\\(", "\\[") else end + 1
        self.out.append(_math_span(self.text[start:stop], self.text[body:end]))
        return stop

    def backslash(self, start: int) -> int:
        text = self.text
        if start + 1 >= len(text):
            return start + 1
        char = text[start + 1]
        if char in "([":
            return self.math(start, "\\" + char)
        if char in ACCENTS and not char.isalpha():
            return self.accent(char, start + 2, ACCENTED)
        if not (char.isascii() and char.isalpha()):
            self.out.append(ESCAPED.get(char, char))
            return start + 2
        match = NAME.match(text, start + 1)
        assert match is not None  # noqa: S101 (a letter follows the backslash)
        return self.macro(match.group(0).rstrip("*"), match.end())

    def macro(self, name: str, end: int) -> int:  # noqa: PLR0911 (one return a kind)
        if name in FORMATTING:
            return self.optional(end)
        if name in DROPPED:
            group = self.group(self.optional(end))
            return self.dropped(end if group is None else group[1] + 1)
        if name in ("url", "href", "replaced", "textcolor", "colorbox"):
            return self.arguments(name, end)
        if name in ACCENTS:
            return self.accent(name, end, ACCENTED_AFTER_NAME)
        symbol = TEXT_SYMBOLS.get(name) or MATH_SYMBOLS.get(name)
        if symbol is not None:
            self.out.append(symbol)
            return end
        known = pylatexenc_macros().get(name)
        if known is None:  # unknown: the name goes, its arguments stay as text
            return end
        replacement, arguments = known
        self.out.append(replacement)
        for kind in arguments:
            if kind == "[":
                end = self.optional(end, at_most=1)
            elif kind == "{" and (group := self.group(end)) is not None:
                end = group[1] + 1
        return end

    def dropped(self, end: int) -> int:
        r"""After something that renders to nothing, no space is left before punctuation.

        `layer \cite{x}, which` -> `layer, which`.
        """
        if self.text[end : end + 1] in CLOSING_PUNCTUATION and self.out:
            self.out[-1] = self.out[-1].rstrip(" ")
        return end

    def arguments(self, name: str, end: int) -> int:
        r"""`\url{u}`, `\href{u}{text}`, `\replaced[opt]{new}{old}`, `\textcolor{c}{text}`.

        When the last argument is missing or never closed, what is there renders: the new
        text of `\replaced`, and what follows it stays text (nothing of the input is lost).
        """
        options = self.optional(end)
        first = self.group(options)
        if first is None:
            return options
        second = self.group(first[1] + 1)
        if name == "url" or (name == "href" and second is None):
            self.out.append(self.text[first[0] + 1 : first[1]])
            return first[1] + 1
        if second is None:
            if name in ("textcolor", "colorbox"):
                return first[1] + 1
            self.after[first[1]] = " "  # the old text that follows is no longer replaced
            return first[0]
        if name == "href":  # the text renders where it is; the URL follows it
            self.skip[first[0]] = first[1] + 1
            self.after[second[1]] = f" ({self.text[first[0] + 1 : first[1]]})"
        elif name == "replaced":  # the new text renders, the old one goes
            self.skip[second[0]] = second[1] + 1
        else:  # a colour, then the text
            self.skip[first[0]] = first[1] + 1
        return first[0]

    def accent(self, accent: str, end: int, pattern: re.Pattern[str]) -> int:
        match = pattern.match(self.text, end)
        if match is None:
            return end  # an accent on nothing: it goes
        letter = (match.group(1) or match.group(2))[-1]
        self.out.append(unicodedata.normalize("NFC", letter + ACCENTS[accent]))
        return match.end()

    def optional(self, end: int, at_most: int = 2) -> int:
        """Past `*` and up to `at_most` bracketed optional arguments."""
        if self.text.startswith("*", end):
            end += 1
        for _ in range(at_most):
            match = OPTIONAL.match(self.text, end)
            if match is None:
                break
            end = match.end()
        return end

    def group(self, end: int) -> tuple[int, int] | None:
        """The braced argument at `end` (spaces allowed before it): its "{" and its "}"."""
        opening = SPACES.match(self.text, end).end()  # type: ignore[union-attr]
        if not self.text.startswith("{", opening):
            return None
        closing = self.braces.get(opening)
        if closing is None:
            closing = self.close(opening)
        return None if closing is None else (opening, closing)

    def close(self, opening: int) -> int | None:
        """The "}" of the "{" at `opening`, or None if it is never closed.

        One stack pass over the text that goes only as far as it is asked to, and never
        twice over the same braces (escaped ones skipped).
        """
        if self.pending is None:
            self.pending = BRACE.finditer(self.text, opening)
        for match in self.pending:
            char = match.group(0)
            if char == "{":
                self.open.append(match.start())
            elif char == "}" and self.open:
                start = self.open.pop()
                self.braces[start] = match.start()
                if start == opening:
                    return match.start()
        return None


def macro_name(macro: str) -> str:
    return macro[1:].partition("{")[0].rstrip("*")


def macro_text(macro: str) -> str:
    text = _SPAN_CACHE.get(macro)
    if text is None:
        if len(_SPAN_CACHE) >= SPAN_CACHE_SIZE:
            _SPAN_CACHE.clear()
        text = _SPAN_CACHE[macro] = _Renderer(macro).render()
    return text


def _math_span(written: str, body: str) -> str:
    # Abstracts repeat the same small spans ($\alpha$, $x^2$): short ones are remembered.
    return short_math(written) if len(written) <= 64 else _render_math(written, body)


@lru_cache(maxsize=8192)
def short_math(written: str) -> str:
    opener = "$$" if written.startswith("$$") else written[:2] if written[0] == "\\" else "$"
    return _render_math(written, written[len(opener) : -len(opener)])


def _render_math(written: str, body: str) -> str:
    if not _is_faithful(body):
        return written
    text = SCRIPT.sub(_script, DEGREES.sub("°", body))
    text = MATH_MACRO.sub(lambda m: MATH_SYMBOLS.get(m.group(1)) or MATH_SPACES[m.group(1)], text)
    return " ".join(text.split())


def _is_faithful(math: str) -> bool:
    position = 0
    for match in FAITHFUL_TOKEN.finditer(math):
        if match.start() != position:
            return False
        name = match.group(1)
        if name is not None and name not in MATH_SYMBOLS and name not in MATH_SPACES:
            return False
        position = match.end()
    return position == len(math)


def _script(match: re.Match[str]) -> str:
    digits = match.group(2) or match.group(3)
    return digits.translate(SUPERSCRIPT if match.group(1) == "^" else SUBSCRIPT)
