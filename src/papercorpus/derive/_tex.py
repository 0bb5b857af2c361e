r"""LaTeX as arXiv's abstracts use it: symbols, accents, escapes, and the patterns for them.

The one vocabulary of both renderers, `_latex.render` (the general one-pass path) and
`_plain` (the common case at C speed), so that the two cannot drift apart.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = [
    "ACCENTED",
    "ACCENTED_AFTER_NAME",
    "ACCENTS",
    "BRACE",
    "CLOSING_PUNCTUATION",
    "DEGREES",
    "DROPPED",
    "ESCAPED",
    "FAITHFUL_TOKEN",
    "FORMATTING",
    "MATH_CLOSERS",
    "MATH_MACRO",
    "MATH_SPACES",
    "MATH_SYMBOLS",
    "NAME",
    "OPTIONAL",
    "SCRIPT",
    "SELF_CONTAINED_NAME",
    "SPACES",
    "SPECIAL",
    "SUBSCRIPT",
    "SUPERSCRIPT",
    "TEXT_SYMBOLS",
    "pylatexenc_macros",
]

#: Symbol macros with a faithful one-character rendering; math made only of these, plain
#: characters and digit super/subscripts becomes Unicode. Anything else stays as written.
MATH_SYMBOLS: dict[str, str] = {
    **dict(
        zip(
            (
                "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa "
                "lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi "
                "psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
            ).split(),
            "αβγδϵεζηθϑικλμνξπϖρϱσςτυϕφχψωΓΔΘΛΞΠΣΥΦΨΩ",
            strict=True,
        )
    ),
    **dict(
        zip(
            (
                "times cdot pm mp leq le geq ge neq ne approx sim simeq equiv propto infty to "
                "rightarrow leftarrow Rightarrow leftrightarrow ell partial nabla circ prime "
                "degree cdots ldots dots in notin subset subseteq cup cap forall exists"
            ).split(),
            "×·±∓≤≤≥≥≠≠≈∼≃≡∝∞→→←⇒↔ℓ∂∇∘′°⋯……∈∉⊂⊆∪∩∀∃",
            strict=True,
        )
    ),
}
MATH_SPACES = {"%": "%", ",": " ", ";": " ", " ": " "}
DEGREES = re.compile(r"\^(?:\\circ|\{\\circ\})")  # `0.25^\circ` -> `0.25°`
FAITHFUL_TOKEN = re.compile(
    r"\^(?:\\circ|\{\\circ\})|\\([A-Za-z]+|[%,; ])"
    r"|[\^_](?:[0-9+\-]|\{[+\-]?[0-9]+\})|[A-Za-z0-9+\-=<>()/.,:;|!' \[\]]"
)
SUPERSCRIPT = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
SUBSCRIPT = str.maketrans("0123456789+-", "₀₁₂₃₄₅₆₇₈₉₊₋")
SCRIPT = re.compile(r"([\^_])(?:\{([+\-]?[0-9]+)\}|([0-9+\-]))")
MATH_MACRO = re.compile(r"\\([A-Za-z]+|[%,; ])")

# What starts something to render; everything between is text as it stands (URLs are
# found apart: a character set alone lets the engine skip text without trying alternatives).
SPECIAL = re.compile(r"[\\$\[{}~]")
NAME = re.compile(r"[A-Za-z]+\*?")
# A macro that renders the same alone as where it stands: a name, at most one plain braced
# argument, and nothing after it that the macro could take (another argument, an option;
# a letter accent takes the letter after a space: `\\v s`).
SELF_CONTAINED_NAME = (
    r"(?![cvuHkrdb](?![A-Za-z]))[A-Za-z]+\*?(?:\{[^{}\\$\[\]]{0,80}\})?(?![A-Za-z*{\[])(?! [{\[])"
)
"""The pattern of a self-contained macro after its backslash: one `latex_to_text` remembers."""
BRACE = re.compile(r"\\.|[{}]", re.DOTALL)
OPTIONAL = re.compile(r"\s*\[[^\[\]\n]{0,200}\]")  # bounded: optional arguments are short
SPACES = re.compile(r"\s*")

# Formatting: the name goes, the argument's text stays (its braces go like any others).
FORMATTING = frozenset(
    "textit textbf textrm textsf texttt textsc textup textsl textmd textnormal emph text "
    "mbox hbox mathrm mathbf mathit mathsf mathtt mathcal mathbb mathfrak boldsymbol bm "
    "underline uline overline footnote textsuperscript textsubscript added".split()
)
# Gone with their arguments (optional and braced): citations, references, markup.
DROPPED = frozenset(
    "cite citep citet citealp citeauthor citeyear nocite ref eqref autoref cref Cref pageref "
    "label deleted begin end hspace vspace color index".split()
)
TEXT_SYMBOLS = {
    "ldots": "…", "dots": "…", "LaTeX": "LaTeX", "TeX": "TeX", "ss": "ß", "o": "ø",
    "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "l": "ł",
    "L": "Ł", "i": "ı", "j": "ȷ", "textendash": "–", "textemdash": "—", "S": "§", "P": "¶",
    "copyright": "©", "pounds": "£", "euro": "€", "textbackslash": "\\", "newline": " ",
    "par": " ", "quad": " ", "qquad": " ", "item": " ",
}  # fmt: skip
# Accents, as combining marks: `\'e`, `\"{o}`, `\c{c}`, `\v s`, `\'{\i}`.
ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
ACCENTED = re.compile(r"\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z])")
ACCENTED_AFTER_NAME = re.compile(r"\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}| ?([A-Za-z])")
ESCAPED = {
    "%": "%", "&": "&", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ", ",": " ",
    ";": " ", ":": " ", ">": " ", "\\": " ", "!": "", "-": "", "/": "", "@": "", ")": "",
    "]": "",
}  # fmt: skip
CLOSING_PUNCTUATION = frozenset(".,;:!?)]")
MATH_CLOSERS = {"$$": "$$", "$": "$", "\\(": "\\)", "\\[": "\\]"}


@cache
def pylatexenc_macros() -> dict[str, tuple[str, str]]:
    r"""The constant macros of pylatexenc: name -> (text, the arguments it takes, `[` and `{`).

    Only macros whose text is a constant are taken (`\textregistered` -> `®`,
    `\hspace{1cm}` -> ``); templates and functions are left out, so a macro can never
    render as `%s`.
    """
    # Imported here: pylatexenc is slow to import, and most text names no such macro.
    from pylatexenc import latex2text, latexwalker  # noqa: PLC0415

    rendering = latex2text.get_default_latex_context_db()
    parsing = latexwalker.get_default_latex_context_db()
    table: dict[str, tuple[str, str]] = {}
    for spec in rendering.iter_macro_specs():
        name = spec.macroname
        replacement = rendering.get_macro_spec(name).simplify_repl
        if name in table or not isinstance(replacement, str) or "%" in replacement:
            continue
        parser = getattr(parsing.get_macro_spec(name), "args_parser", None)
        arguments = getattr(parser, "argspec", "") or ""
        # Whitespace as the renderer makes it: plain spaces only (`\\vspace` gives "\\n").
        text = " " if replacement and not replacement.strip() else replacement
        table[name] = (text, "".join(c for c in arguments if c in "[{"))
    return table
