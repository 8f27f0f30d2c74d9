"""Reading verification codes back: from a PDF's pixels or a scanned image, as a camera would.

``pdftoppm`` (poppler-utils) rasterises the PDF and ``zxing-cpp`` decodes the QR codes; both are
optional at run time (the desk's verifier reads the PDF's metadata first, see
:func:`printing.render.code_from_pdf_metadata`). A missing tool is a :class:`ScanError`.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Any

from desktop.domain.errors import CodedError
from printing.verification import CODE_PREFIX

__all__ = ["ScanError", "ScanErrorCode", "codes_in_image", "codes_in_pdf", "rasterise_pdf"]


class ScanErrorCode(StrEnum):
    NO_RASTERISER = "scan.no_pdftoppm"
    NO_DECODER = "scan.no_zxing"
    FAILED = "scan.failed"


class ScanError(CodedError):
    code: ScanErrorCode

    def __init__(self, code: ScanErrorCode, message: str) -> None:
        super().__init__(message, code=code)


def rasterise_pdf(
    pdf: Path, out_prefix: Path, *, dpi: int = 200, first_page_only: bool = False
) -> list[Path]:
    """Render ``pdf`` to PNG files ``<out_prefix>-N.png`` with pdftoppm; returns them in order."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise ScanError(
            ScanErrorCode.NO_RASTERISER, "pdftoppm is not installed (Debian: poppler-utils)."
        )
    args = [exe, "-r", str(dpi), "-png"]
    if first_page_only:
        args += ["-f", "1", "-l", "1"]
    proc = subprocess.run(
        [*args, str(pdf), str(out_prefix)], capture_output=True, timeout=60, check=False
    )
    if proc.returncode != 0:
        raise ScanError(
            ScanErrorCode.FAILED, f"pdftoppm failed: {proc.stderr.decode(errors='replace').strip()}"
        )
    return sorted(out_prefix.parent.glob(out_prefix.name + "*.png"))


def _decoder() -> Any:
    try:
        import zxingcpp
    except ImportError:
        raise ScanError(
            ScanErrorCode.NO_DECODER, "zxing-cpp is not installed (pip install zxing-cpp)."
        ) from None
    return zxingcpp


def codes_in_image(image: Path) -> list[str]:
    """The OneWindow verification codes among the QR codes in an image file."""
    zxingcpp = _decoder()
    from PIL import Image

    try:
        with Image.open(image) as img:
            found = zxingcpp.read_barcodes(img.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:  # not an image, damaged
        raise ScanError(
            ScanErrorCode.FAILED, f"{image} is neither a PDF nor a readable image ({exc})."
        ) from None
    return [r.text for r in found if r.text.startswith(CODE_PREFIX + ".")]


def codes_in_pdf(pdf: Path, *, dpi: int = 200) -> list[str]:
    """The verification codes a camera would read on the PDF's pages (first page with one)."""
    _decoder()
    with tempfile.TemporaryDirectory(prefix="ow-scan-") as tmp:
        for png in rasterise_pdf(pdf, Path(tmp) / "page", dpi=dpi):
            codes = codes_in_image(png)
            if codes:
                return codes
    return []
