r"""Plain text from arXiv's LaTeX-flavoured abstracts and titles.

`latex_to_text` renders formatting and symbols with pylatexenc, but keeps math that has no
faithful Unicode rendering exactly as written (`$\sum_{i=1}^{n} x_i^2$`): blanket
conversion turns real notation into nonsense (`∑_i=1^n x_i^2`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from papercorpus.derive._links import MARKDOWN_LINK, URL, URL_MACRO, link_text

if TYPE_CHECKING:
    from pylatexenc import latex2text, latexwalker

__all__ = ["latex_to_text"]

_MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(.+?)(?<!\\)\$|\\\((.+?)\\\)", re.DOTALL)
_PLACEHOLDER = "\ue000{}\ue001"
_PLACEHOLDERS = re.compile("\ue000(\\d+)\ue001")

# Symbol macros with a faithful one-character rendering; math made only of these, plain
# characters and digit super/subscripts becomes Unicode. Anything else stays as written.
_GREEK = (  # noqa: SIM905 (a list of names reads better as words)
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu "
    "nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma "
    "Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
).split()
_OPERATORS = (  # noqa: SIM905
    "times cdot pm mp leq le geq ge neq ne approx sim simeq equiv propto infty to rightarrow "
    "leftarrow Rightarrow leftrightarrow ell partial nabla circ prime degree cdots ldots dots "
    "in notin subset subseteq cup cap forall exists"
).split()
_SYMBOLS = frozenset([*_GREEK, *_OPERATORS, "%", ",", ";", " "])
_FAITHFUL_TOKEN = re.compile(
    r"\\([A-Za-z]+|[%,; ])|[\^_](?:[0-9+\-]|\{[+\-]?[0-9]+\})|[A-Za-z0-9+\-=<>()/.,:;|!' \[\]]"
)
_SUPERSCRIPT = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
_SUBSCRIPT = str.maketrans("0123456789+-", "₀₁₂₃₄₅₆₇₈₉₊₋")
_SCRIPT = re.compile(r"([\^_])(?:\{([+\-]?[0-9]+)\}|([0-9+\-]))")
# A macro with its optional and braced arguments (one level of nesting inside), an accent
# with its letter, or an escaped character: the pieces pylatexenc renders.
_MACRO_SPAN = re.compile(
    r"\\[A-Za-z]+\*?(?:\s*\[[^\]]*\])*(?:\s*\{(?:[^{}]|\{[^{}]*\})*\})*"
    r"|\\[\'`^\"~=.](?:\{[A-Za-z]\}|[A-Za-z])"
    r"|\\."
)


def _is_faithful(math: str) -> bool:
    position = 0
    for match in _FAITHFUL_TOKEN.finditer(math):
        if match.start() != position:
            return False
        name = match.group(1)
        if name is not None and name not in _SYMBOLS:
            return False
        position = match.end()
    return position == len(math)


def _scripts(math: str) -> str:
    def replace(match: re.Match[str]) -> str:
        digits = match.group(2) or match.group(3)
        table = _SUPERSCRIPT if match.group(1) == "^" else _SUBSCRIPT
        return digits.translate(table)

    return _SCRIPT.sub(replace, math)


@cache
def _converter() -> tuple[latex2text.LatexNodes2Text, latexwalker.LatexContextDb]:
    """pylatexenc, taught the macros arXiv abstracts use that it does not know."""
    # Imported here: pylatexenc takes 60 ms to import, and most runs render nothing.
    from pylatexenc import latex2text, latexwalker, macrospec  # noqa: PLC0415

    parsing = latexwalker.get_default_latex_context_db()
    parsing.add_context_category(
        "papercorpus",
        prepend=True,
        macros=[
            *(macrospec.MacroSpec(name, "*[[{") for name in ("cite", "citep", "citet", "ref")),
            macrospec.MacroSpec("replaced", "[{{"),  # \replaced[id=pan]{new}{old}
            macrospec.MacroSpec("added", "[{"),
            macrospec.MacroSpec("deleted", "[{"),
        ],
    )
    rendering = latex2text.get_default_latex_context_db()

    def argument(index: int) -> object:
        def render(node: latexwalker.LatexMacroNode, l2tobj: latex2text.LatexNodes2Text) -> str:
            return str(l2tobj.nodelist_to_text([node.nodeargd.argnlist[index]]))

        return render

    rendering.add_context_category(
        "papercorpus",
        prepend=True,
        macros=[
            *(
                latex2text.MacroTextSpec(name, simplify_repl="")
                for name in ("cite", "citep", "citet", "ref", "deleted")
            ),
            latex2text.MacroTextSpec("replaced", simplify_repl=argument(1)),
            latex2text.MacroTextSpec("added", simplify_repl=argument(1)),
        ],
    )
    return latex2text.LatexNodes2Text(latex_context=rendering), parsing


def _render(latex: str) -> str:
    converter, context = _converter()
    try:
        return str(converter.latex_to_text(latex, latex_context=context, tolerant_parsing=True))
    except Exception:  # noqa: BLE001 (pylatexenc must never cost the user the sentence)
        return latex


def latex_to_text(latex: str) -> str:
    r"""Render arXiv's LaTeX to plain Unicode text; never raises.

    Formatting macros go but their text stays, `\url{u}` becomes `u`, citations go,
    symbols become Unicode (`$\alpha$` -> `α`, `$x^2$` -> `x²`); math with no faithful
    rendering stays as written.

    Examples:
        >>> latex_to_text(r"PanGu-$\alpha$ is \textit{few-shot}, see \url{https://x.org}.")
        'PanGu-α is few-shot, see https://x.org.'
        >>> print(latex_to_text(r"we bound $\sum_{i=1}^{n} x_i^2$ by 50% \cite{a}"))
        we bound $\sum_{i=1}^{n} x_i^2$ by 50%
    """
    kept: list[str] = []

    def hold(text: str) -> str:
        kept.append(text)
        return _PLACEHOLDER.format(len(kept) - 1)

    def math(match: re.Match[str]) -> str:
        body = next(group for group in match.groups() if group is not None)
        return hold(_math_text(body) if _is_faithful(body) else match.group(0))

    text = MARKDOWN_LINK.sub(lambda m: hold(link_text(m.group(1), m.group(2))), latex)
    text = URL_MACRO.sub(lambda m: hold(m.group(1)), text)
    text = URL.sub(lambda m: hold(m.group(0)), text)
    text = _MATH.sub(math, text)
    # pylatexenc takes milliseconds: hand it each macro with its arguments, not the whole
    # abstract, and nothing at all where there is no macro.
    text = _MACRO_SPAN.sub(lambda m: hold(_render(_escape_specials(m.group(0)))), text)
    text = text.replace("{", "").replace("}", "").replace("~", " ")
    text = _PLACEHOLDERS.sub(lambda m: kept[int(m.group(1))], text)
    return " ".join(text.replace("\xa0", " ").split())


def _escape_specials(latex: str) -> str:
    # A bare % starts a LaTeX comment, & is a column separator: in abstracts, both are text.
    return re.sub(r"(?<!\\)([%&#])", r"\\\1", latex)


@cache
def _symbol_text() -> dict[str, str]:
    """The Unicode of each symbol macro that faithful math may hold, as pylatexenc has it."""
    table = {name: _render(f"\\{name}") for name in _SYMBOLS if name.isalpha()}
    return {**table, "%": "%", ",": " ", ";": " ", " ": " "}


def _math_text(math: str) -> str:
    """Faithful math as text: symbol macros to Unicode, digit scripts to super/subscripts."""
    symbols = _symbol_text()
    text = re.sub(r"\\([A-Za-z]+|[%,; ])", lambda m: symbols[m.group(1)], _scripts(math))
    return " ".join(text.split())
