"""Regenerate the PNGs in this folder: every document type from the synthetic samples.

    .venv/bin/python docs/documents/render_samples.py

Rendered with a throwaway signing key (the codes verify against nothing real) and without the
SAMPLE watermark, so the pictures show the documents as they print; then rasterised by poppler's
``pdftoppm`` (A4 at 100 dpi, the 80 mm ticket at 200 dpi).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from printing.model import Paper  # noqa: E402
from printing.render import render  # noqa: E402
from printing.samples import sample_documents  # noqa: E402
from printing.verification import DocumentSigner  # noqa: E402


def main() -> int:
    signer = DocumentSigner(Ed25519PrivateKey.generate(), b"docs-only holder key, 32 bytes!!")
    with tempfile.TemporaryDirectory() as tmp:
        for doc in sample_documents():
            pdf = Path(tmp) / f"{doc.kind.value}.pdf"
            pdf.write_bytes(render(doc, signer).pdf)
            dpi = "200" if doc.kind.paper is Paper.RECEIPT_80MM else "100"
            out = HERE / doc.kind.value
            subprocess.run(
                ["pdftoppm", "-r", dpi, "-png", "-singlefile", str(pdf), str(out)], check=True
            )
            print(f"{out}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
