"""Fixtures of the printing tests: a fixed signing key and the rendered samples of every kind."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from printing.model import Document, DocumentKind
from printing.render import RenderedDocument, render
from printing.samples import sample_documents
from printing.verification import DocumentSigner

HOLDER_KEY = bytes(range(32))


@pytest.fixture(scope="session")
def signer() -> DocumentSigner:
    return DocumentSigner(Ed25519PrivateKey.from_private_bytes(b"\x07" * 32), HOLDER_KEY)


@pytest.fixture(scope="session")
def samples() -> dict[DocumentKind, Document]:
    return {doc.kind: doc for doc in sample_documents()}


@pytest.fixture(scope="session")
def rendered(
    samples: dict[DocumentKind, Document],
    signer: DocumentSigner,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[DocumentKind, tuple[RenderedDocument, Path]]:
    """Every sample rendered for real (not marked SAMPLE) and written to a file."""
    folder = tmp_path_factory.mktemp("documents")
    out = {}
    for kind, doc in samples.items():
        result = render(doc, signer)
        path = folder / f"{kind.value}.pdf"
        path.write_bytes(result.pdf)
        out[kind] = (result, path)
    return out
