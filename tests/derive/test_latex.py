"""latex_to_text: plain Unicode from arXiv's LaTeX, linear, never raising, one renderer's text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papercorpus.derive import MATH_SYMBOLS, latex_to_text
from papercorpus.derive._latex import render


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        pytest.param(r"PanGu-$\alpha$ model", "PanGu-α model", id="greek"),
        pytest.param(r"\textit{few-shot} and \emph{zero}", "few-shot and zero", id="formatting"),
        pytest.param(r"see \url{https://x.org/a_b%20c}.", "see https://x.org/a_b%20c.", id="url"),
        pytest.param(r"as shown \cite{smith2020, doe} here", "as shown here", id="cite"),
        pytest.param(r"a \replaced[id=pan]{new}{old} word", "a new word", id="replaced"),
        pytest.param(r"an \unknownmacro{argument} stays", "an argument stays", id="unknown"),
        pytest.param(r"reduces 65.23% FLOPs & more", "reduces 65.23% FLOPs & more", id="percent"),
        pytest.param(r"$x^2$ and $10^{-3}$", "x² and 10⁻³", id="scripts"),
        pytest.param(r"$\sim$5% at $\times$2", "\u223c5% at \u00d72", id="symbols"),
        pytest.param(
            r"bound $\sum_{i=1}^{n} x_i^2$ here", r"bound $\sum_{i=1}^{n} x_i^2$ here", id="sum"
        ),
        pytest.param(r"decay $H\to\nu\bar\nu$", r"decay $H\to\nu\bar\nu$", id="physics"),
        pytest.param(
            "Code: [this https URL](https://github.com/a/b)",
            "Code: https://github.com/a/b",
            id="md",
        ),
        pytest.param("E. coli \\textit{E. coli}", "E. coli E. coli", id="plain"),
        # macros pylatexenc renders with templates (`%s/%s`): text here, or math kept
        pytest.param(r"\frac{dy}y and $\frac{dy}y$", r"dyy and $\frac{dy}y$", id="frac"),
        pytest.param(r"see \url https://x.org now", "see https://x.org now", id="url-no-brace"),
        pytest.param(r"\href{https://x.org}{the site}", "the site (https://x.org)", id="href"),
        pytest.param(r"\textcolor{red}{warm}", "warm", id="textcolor"),
        pytest.param(r"a \footnote{b} \sqrt{2} \vec{x}", "a b 2 x", id="templates"),
        pytest.param(r"x \cite{a}, y \ref{b}. z \cite[p.~3]{c})", "x, y. z)", id="drops"),
        pytest.param(
            r"Schr\"odinger, Pad\'e, \c{c}a, \v s, na\"{\i}ve",
            "Schrödinger, Padé, ça, š, naïve",
            id="accents",
        ),
        pytest.param(r"\S 2, \textregistered, \ss", "§ 2, ®, ß", id="symbols"),
        pytest.param(r"$0.25^\circ$ and $a \ne b$", "0.25° and a ≠ b", id="degrees"),
        pytest.param(r"a\\b \% \& \# \_ \$5", "a b % & # _ $5", id="escapes"),
        pytest.param(r"$$x^2$$ and \(x^3\) and \[y\]", "x² and x³ and y", id="display"),
        pytest.param(r"cost \$5 and $6", r"cost $5 and $6", id="dollars"),
        pytest.param("https://x.org/a~b_c%20d", "https://x.org/a~b_c%20d", id="url-kept"),
    ],
)  # fmt: skip
def test_latex_to_text(latex: str, text: str) -> None:
    """LaTeX renders to plain Unicode, never a template; unrenderable math stays as written."""
    assert latex_to_text(latex) == text


LATEX_PIECES = [*"ab $\\{}_^%&#~[]()x1 \n", r"\alpha", r"\textit{", r"\cite{", "$$", r"\("]


@given(st.lists(st.sampled_from(LATEX_PIECES)).map("".join))
def test_latex_to_text_never_raises(latex: str) -> None:
    """Any input at all renders without an exception, to normalised text."""
    text = latex_to_text(latex)
    assert text == " ".join(text.split())


@pytest.mark.parametrize("char", ["\ue000", "\ue001", "\U000f0000", "\x00"])
def test_latex_keeps_private_use_characters(char: str) -> None:
    """Characters a renderer might use as placeholders are text like any other."""
    latex = rf"a{char}0{char} $\alpha$ \textit{{b{char}1}} {char}2{char}"
    assert latex_to_text(latex) == f"a{char}0{char} α b{char}1 {char}2{char}"


def test_pylatexenc_writes_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    """Inputs that made pylatexenc log thousands of warnings leave stderr empty."""
    for latex in (r"\url{" * 500, r"\frac{dy}y " * 500, r"\unknown{" * 500, r"\qq \zz " * 500):
        latex_to_text(latex)
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_math_symbols_are_pylatexenc_s_where_it_has_one() -> None:
    """The hand-written symbol table agrees with pylatexenc, but where it has nothing."""
    from pylatexenc.latex2text import LatexNodes2Text  # noqa: PLC0415

    converter = LatexNodes2Text()
    # pylatexenc renders these as nothing or as ASCII; the table has the real character.
    better = {"ne": "≠", "degree": "°", "prime": "\u2032"}
    for name, text in MATH_SYMBOLS.items():
        assert text == better.get(name, converter.latex_to_text(f"\\{name}")), name


HOSTILE_PIECES = [
    *LATEX_PIECES, r"\'", r"\"{", r"\c", r"\i", r"\url", r"\href{", r"\replaced[", r"\cite[",
    "[a](http://x", "https://", ")", "]", r"\)", r"\]", "\ue000", "%s", r"\frac", "{}", "0",
    r"\textcolor{", r"\emph{", "$x^", r"\circ", "\\\\", " ", "é", r"\v s", r"\c", "c",
]  # fmt: skip


@given(st.lists(st.sampled_from(HOSTILE_PIECES), max_size=40).map("".join))
def test_latex_to_text_on_hostile_pieces(latex: str) -> None:
    """Never an exception, squashed text, no template, no placeholder of ours."""
    text = latex_to_text(latex)
    assert text == " ".join(text.split())
    assert "%s" not in text or "%s" in latex
    assert text.count("\ue000") <= latex.count("\ue000")


SPAN_PIECES = [
    *HOSTILE_PIECES, "$x$", r"$\alpha=0.5$", "$a\\$", r"\cite{a}", r"\emph{b}", r"\textbf{c d}",
    ".", ",", ";", ")", " ", r"\%", r"\$", r"\ ", r"\\", r'\"o', r"\'{e}", r"\~n", "[1]",
    "[this https URL](https://x.org/a)", "https://x.org/~u", "http://a.b/$c$", "\x00", "~",
    # spans that render empty, or with spaces at an end or twice inside
    "$ $", r"$\,$", r"$a\;b$", r"\emph{ a }", r"\emph{a ~ b}", r"\textit{}", "[ a ](https://x.org)",
    r"\,", r"\;", r"\-", r"\@", r"\hspace{1cm}", r"\label{x}", r"\'{ }", "$a \x00$",
]  # fmt: skip


def full_rendering(squashed: str) -> str:
    """The one-pass renderer's text for squashed text, its runs of spaces squashed."""
    return re.sub(" {2,}", " ", render(squashed)).strip(" ")


@given(st.lists(st.sampled_from(SPAN_PIECES), max_size=30).map("".join))
def test_latex_to_text_is_the_one_pass_renderer_s_text(latex: str) -> None:
    """Text of self-contained spans (`latex_to_text`'s common case) renders as the full renderer."""
    assert latex_to_text(latex) == full_rendering(" ".join(latex.split()))
