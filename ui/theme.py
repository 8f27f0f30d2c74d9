"""Application-wide look: a font that renders Chinese well, and the few colours we use."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

#: Preferred UI families, first found wins; the platform default stays as the last fallback.
CJK_UI_FAMILIES = (
    "Noto Sans CJK SC",  # Linux: fonts-noto-cjk
    "Source Han Sans SC",
    "Microsoft YaHei UI",  # Windows
    "Microsoft YaHei",
    "PingFang SC",  # macOS
    "WenQuanYi Micro Hei",
)
MIN_POINT_SIZE = 10

#: The synthetic-data banner: unmistakable, readable (contrast ratio > 7:1).
DEMO_BANNER_STYLE = (
    "QLabel#demoBanner { background: #b45309; color: #ffffff; border-radius: 4px;"
    " padding: 8px 14px; font-weight: bold; }"
)
ERROR_HEADLINE_STYLE = "QLabel#errorHeadline { color: #b91c1c; font-weight: bold; }"


def apply_app_font(app: QApplication) -> QFont:
    """Put a CJK-capable family first in the application font; returns the font set."""
    font = QFont(app.font())
    available = set(QFontDatabase.families())
    preferred = [f for f in CJK_UI_FAMILIES if f in available]
    if preferred:
        font.setFamilies([*preferred, *font.families()])
    else:
        log.warning("no CJK font found among %s; Chinese may not render", CJK_UI_FAMILIES)
    if 0 < font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
    app.setFont(font)
    return font


def scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font
