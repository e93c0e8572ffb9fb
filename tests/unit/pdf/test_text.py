"""The lean text flowable and the character-level wrapping of sellos."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from facturador.pdf._styles import MUTED, styles
from facturador.pdf._text import Text
from facturador.pdf._wrapped import split_lines


def _lines(text: Text, width: float) -> list[str]:
    text.wrap(width, 1000)
    return ["".join(piece for piece, _, _ in fragments) for _, fragments in text._lines]


def test_words_wrap_and_forced_breaks() -> None:
    st = styles(False)
    text = Text(
        [("Nombre: ", False, MUTED), ("uno dos tres\ncuatro", False, None)], st.body, st.bold
    )
    assert _lines(text, 500) == ["Nombre: uno dos tres", "cuatro"]
    narrow = _lines(text, stringWidth("Nombre: uno", st.body.fontName, st.body.fontSize) + 1)
    assert narrow == ["Nombre: uno", "dos tres", "cuatro"]
    assert text.wrap(500, 1000)[1] == 2 * st.body.leading


def test_long_word_is_cut_and_nothing_is_lost() -> None:
    st = styles(False)
    sello = "ABCDEFGHIJ+/=" * 40
    text = Text([(sello, False, None)], st.small, st.bold)
    lines = _lines(text, 120)
    assert "".join(lines) == sello
    assert all(stringWidth(line, st.small.fontName, st.small.fontSize) <= 120.01 for line in lines)


def test_split_lines_fills_each_line() -> None:
    value = "x" * 1000
    lines = split_lines(value, "Helvetica", 6, 100)
    assert "".join(lines) == value
    assert all(stringWidth(line, "Helvetica", 6) <= 100.0001 for line in lines)
    assert all(stringWidth(line + "x", "Helvetica", 6) > 100 for line in lines[:-1])
    assert split_lines("", "Helvetica", 6, 100) == [""]
