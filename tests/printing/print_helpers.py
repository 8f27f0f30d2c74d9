"""Helpers of the printing tests: text and layout read back from PDFs by real tools."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """All text of all pages, extracted by pypdf (what search and copy see)."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    """Text without any whitespace (wrapped lines and table cells joined)."""
    return re.sub(r"\s+", "", text)


def need(tool: str) -> str:
    exe = shutil.which(tool)
    if exe is None:
        pytest.skip(f"{tool} is not installed (Debian: poppler-utils)")
    return exe


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    x_max: float
    y_min: float
    y_max: float


def pdf_words(path: Path) -> tuple[float, float, list[Word]]:
    """Page size and word boxes of page 1 by poppler's ``pdftotext -bbox``."""
    exe = need("pdftotext")
    html = subprocess.run(
        [exe, "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    assert page is not None, html[:400]
    words = [
        Word(m.group(5), float(m.group(1)), float(m.group(3)), float(m.group(2)), float(m.group(4)))
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            html,
        )
    ]
    return float(page.group(1)), float(page.group(2)), words
