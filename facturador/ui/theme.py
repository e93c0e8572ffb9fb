"""Look and feel: Fusion with a clean light palette and a small style sheet."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

__all__ = ["ACCENT", "apply_theme"]

ACCENT = "#1f6feb"
_TEXT = "#1f2328"
_MUTED = "#59636e"
_BORDER = "#d0d7de"
_WINDOW = "#f6f8fa"
_BASE = "#ffffff"
_ERROR = "#b42318"
_OK = "#1a7f37"
_WARN = "#9a6700"

_STYLE = f"""
QWidget#navigation {{ background: {_WINDOW}; border: none; border-right: 1px solid {_BORDER}; }}
QTreeWidget#navigation {{ outline: 0; padding: 8px 6px; show-decoration-selected: 0; }}
QTreeWidget#navigation::branch, QTreeWidget#navigation::branch:selected {{
    background: transparent; border: none; }}
QTreeWidget#navigation::item {{ padding-left: 6px; border-radius: 5px; }}
QTreeWidget#navigation::item:selected {{ background: #dbe9ff; color: {_TEXT}; }}
QTreeWidget#navigation::item:hover:!selected {{ background: #eaeef2; }}
QWidget#header {{ background: {_BASE}; border-bottom: 1px solid {_BORDER}; }}
QLabel#appTitle {{ font-size: 15pt; font-weight: 600; color: {_TEXT}; }}
QLabel#pageTitle {{ font-size: 17pt; font-weight: 600; color: {_TEXT}; }}
QLabel#pageSubtitle {{ color: {_MUTED}; }}
QLabel#hint {{ color: {_MUTED}; font-size: 9pt; }}
QLabel#fieldMessage {{ font-size: 9pt; color: {_MUTED}; }}
QLabel#fieldMessage[state="error"] {{ color: {_ERROR}; }}
QLabel#fieldMessage[state="ok"] {{ color: {_OK}; }}
QLabel#fieldMessage[state="warning"] {{ color: {_WARN}; }}
QLabel#originBadge {{ font-size: 9pt; padding: 1px 8px; border-radius: 8px; }}
QLabel#originBadge[state="verified"] {{ background: #e8f5ec; color: {_OK};
    border: 1px solid #b7e1c1; }}
QLabel#originBadge[state="unverified"] {{ background: #fff8e6; color: {_WARN};
    border: 1px solid #f0d58c; }}
QLabel#formMessage {{ padding: 8px 10px; border-radius: 6px; }}
QLabel#formMessage[state="error"] {{ background: #fdecea; color: {_ERROR};
    border: 1px solid #f4c7c3; }}
QLabel#formMessage[state="ok"] {{ background: #e8f5ec; color: {_OK};
    border: 1px solid #b7e1c1; }}
QLabel#formMessage[state="info"] {{ background: #eef4ff; color: {_TEXT};
    border: 1px solid #c9dcff; }}
QLabel#statusWarning {{ color: {_WARN}; font-weight: 600; }}
QLabel#statusOnline {{ color: {_OK}; }}
QLabel#statusOffline {{ color: {_ERROR}; }}
QFrame#card {{ background: {_BASE}; border: 1px solid {_BORDER}; border-radius: 8px; }}
QLineEdit, QPlainTextEdit {{ padding: 4px 6px; border: 1px solid {_BORDER};
    border-radius: 5px; background: {_BASE}; min-height: 20px; }}
QLineEdit:focus {{ border: 1px solid {ACCENT}; }}
QLineEdit[state="error"] {{ border: 1px solid {_ERROR}; }}
QLineEdit:read-only {{ background: {_WINDOW}; color: {_MUTED}; }}
QPushButton {{ padding: 5px 14px; border: 1px solid {_BORDER}; border-radius: 5px;
    background: {_BASE}; min-height: 20px; }}
QPushButton:hover {{ background: #f3f4f6; }}
QPushButton:default, QPushButton#primary {{ background: {ACCENT}; color: white;
    border: 1px solid {ACCENT}; }}
QPushButton:default:hover, QPushButton#primary:hover {{ background: #1a5fcc; }}
QPushButton:disabled, QPushButton:default:disabled, QPushButton#primary:disabled {{
    color: #8c959f; background: {_WINDOW}; border-color: {_BORDER}; }}
QPushButton#bigChoice, QPushButton#bigChoicePrimary {{ padding: 12px 18px; font-size: 11pt;
    text-align: left; }}
QPushButton#bigChoicePrimary {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT}; }}
QPushButton#bigChoicePrimary:hover {{ background: #1a5fcc; }}
QTableView {{ border: 1px solid {_BORDER}; border-radius: 6px; gridline-color: #eaeef2;
    selection-background-color: #dbe9ff; selection-color: {_TEXT};
    alternate-background-color: #fafbfc; }}
QTableView {{ outline: 0; }}
QHeaderView::section {{ background: {_WINDOW}; border: none;
    border-bottom: 1px solid {_BORDER}; padding: 6px; font-weight: 600; }}
QStatusBar {{ background: {_WINDOW}; border-top: 1px solid {_BORDER}; }}
QStatusBar QLabel {{ padding: 0 8px; }}
QTextBrowser#help {{ background: {_WINDOW}; border: 1px solid {_BORDER}; border-radius: 8px;
    padding: 6px; }}
"""


def _palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: _WINDOW,
        QPalette.ColorRole.WindowText: _TEXT,
        QPalette.ColorRole.Base: _BASE,
        QPalette.ColorRole.AlternateBase: "#fafbfc",
        QPalette.ColorRole.Text: _TEXT,
        QPalette.ColorRole.Button: _BASE,
        QPalette.ColorRole.ButtonText: _TEXT,
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: _BASE,
        QPalette.ColorRole.ToolTipText: _TEXT,
        QPalette.ColorRole.PlaceholderText: "#8c959f",
        QPalette.ColorRole.Link: ACCENT,
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(disabled, role, QColor("#8c959f"))
    return palette


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setPalette(_palette())
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(_STYLE)
