"""``onewindow-admin print-samples`` / ``verify-document`` / ``export-signing-key``."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from print_helpers import flat, need, pdf_text
from pypdf import PdfReader, PdfWriter

from desktop.cli import printing as printing_cli
from desktop.cli.main import main as admin
from printing.model import DocumentKind
from printing.render import code_from_pdf_metadata

pytestmark = pytest.mark.usefixtures("app_home")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = admin(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def samples_dir(tmp_path: Path, memory_keyring: Any) -> Path:
    out = tmp_path / "samples"
    code, stdout, err = run("print-samples", "--out", str(out), "--date", "2026-11-23")
    assert code == 0, err
    assert f"{len(DocumentKind)} SAMPLE documents written" in stdout
    return out


def test_print_samples_renders_every_type_marked_sample(samples_dir: Path) -> None:
    for kind in DocumentKind:
        pdf = (samples_dir / f"{kind.value}.pdf").read_bytes()
        text = flat(pdf_text(pdf))
        assert "样本SAMPLE" in text
        if kind.signed:
            assert kind.title_zh in text and "2026年11月23日" in text
        else:
            assert "A005" in text and "2026-11-23" in text


def test_verify_document_reads_each_sample_pdf_as_never_issued(samples_dir: Path) -> None:
    for kind in DocumentKind:
        if not kind.signed:
            continue
        code, out, err = run("verify-document", str(samples_dir / f"{kind.value}.pdf"))
        assert code == 1, err
        report = json.loads(out)
        assert report["signature"] == "valid" and report["source"] == "pdf-metadata"
        assert report["status"] == "unknown" and "SAMPLE" in report["detail"]
        assert report["sample"] is True and report["document"] == kind.title_zh
        assert report["claims"]["kind"] == kind.value
        assert report["claims"]["issued_on"] == "2026-11-23"


def test_verify_document_payload_tampered_and_holder(samples_dir: Path) -> None:
    pdf = (samples_dir / "rental_tax_receipt.pdf").read_bytes()
    text = code_from_pdf_metadata(pdf)
    assert text is not None
    code, out, _ = run("verify-document", "--payload", text, "--id-number", "440307197801093177")
    assert code == 1 and json.loads(out)["holder_matches"] is True  # a sample: never issued
    code, out, _ = run("verify-document", "--payload", text, "--id-number", "440307197801093169")
    assert code == 1 and json.loads(out)["holder_matches"] is False
    pos = 4 + 13 + 10  # "OW1.", the key id, into the claims
    flipped = text[:pos] + ("B" if text[pos] != "B" else "C") + text[pos + 1 :]
    code, out, _ = run("verify-document", "--payload", flipped)
    assert code == 1
    report = json.loads(out)
    assert report["status"] == "tampered" and "claims" not in report
    assert report["signature"] == "tampered"
    code, _, err = run("verify-document")
    assert code == 2 and "error [verify.bad_option]" in err


def test_verify_document_reads_the_qr_when_the_metadata_is_gone(
    samples_dir: Path, tmp_path: Path
) -> None:
    need("pdftoppm")
    pytest.importorskip("zxingcpp")
    writer = PdfWriter()
    for page in PdfReader(samples_dir / "rental_filing_certificate.pdf").pages:
        writer.add_page(page)
    writer.add_metadata({"/Keywords": "rewritten"})
    stripped = tmp_path / "stripped.pdf"
    with stripped.open("wb") as f:
        writer.write(f)
    assert code_from_pdf_metadata(stripped.read_bytes()) is None
    code, out, err = run("verify-document", str(stripped))
    assert code == 1, err
    report = json.loads(out)
    assert report["source"] == "pdf-qr" and report["signature"] == "valid"
    assert report["claims"]["kind"] == "rental_filing_certificate"


def test_verify_document_from_a_scanned_image(samples_dir: Path, tmp_path: Path) -> None:
    from printing.scan import rasterise_pdf

    need("pdftoppm")
    pytest.importorskip("zxingcpp")
    [png] = rasterise_pdf(samples_dir / "birth_registration_slip.pdf", tmp_path / "scan", dpi=120)
    code, out, err = run("verify-document", str(png))
    assert code == 1, err
    report = json.loads(out)
    assert report["source"] == "image-qr" and report["signature"] == "valid"


def test_another_stations_key_needs_its_exported_public_key(
    samples_dir: Path, tmp_path: Path, memory_keyring: Any
) -> None:
    pem = tmp_path / "station-a.pem"
    code, out, _ = run("export-signing-key", "--out", str(pem))
    assert code == 0 and "written to" in out
    assert pem.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    memory_keyring.passwords.clear()  # now "another station", with a key of its own
    run("export-signing-key")
    target = str(samples_dir / "acceptance_notice.pdf")
    code, out, _ = run("verify-document", target)
    report = json.loads(out)
    assert code == 1 and report["status"] == "unknown" and report["signature"] == "unknown_key"
    code, out, _ = run("verify-document", target, "--public-key", str(pem))
    assert code == 1 and json.loads(out)["signature"] == "valid"
    # A station with no key of its own verifies against exported keys alone.
    memory_keyring.passwords.clear()
    code, out, _ = run("verify-document", target, "--public-key", str(pem))
    assert code == 1 and json.loads(out)["signature"] == "valid"
    assert not memory_keyring.passwords  # verifying creates no key
    code, out, _ = run("verify-document", target)
    assert code == 1 and json.loads(out)["signature"] == "unknown_key"
    code, _, err = run("verify-document", target, "--id-number", "440307197801093177")
    assert code == 2 and err.startswith("error [verify.no_holder_key]")


def test_document_checks_plug_in(samples_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []

    def revoked(ctx: object, claims: printing_cli.DocumentClaims) -> printing_cli.CheckOutcome:
        seen.append(claims.number)
        return printing_cli.CheckOutcome("register", False, "revoked on 2026-11-24")

    monkeypatch.setattr(printing_cli, "DOCUMENT_CHECKS", [revoked])
    code, out, _ = run("verify-document", str(samples_dir / "acceptance_notice.pdf"))
    report = json.loads(out)
    assert code == 1 and report["signature"] == "valid" and seen
    assert report["checks"] == [
        {"name": "register", "ok": False, "detail": "revoked on 2026-11-24"}
    ]


@pytest.mark.usefixtures("no_keyring")
def test_print_samples_without_a_keyring_is_one_error_line(tmp_path: Path) -> None:
    code, _, err = run("print-samples", "--out", str(tmp_path / "x"))
    assert code == 2 and err.startswith("error [signing.no_keyring]")


def test_print_samples_png(tmp_path: Path, memory_keyring: Any) -> None:
    need("pdftoppm")
    out = tmp_path / "png"
    code, _, err = run("print-samples", "--out", str(out), "--png")
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    for kind in DocumentKind:
        assert f"{kind.value}.pdf" in names and f"{kind.value}.png" in names
    assert len(names) == 2 * len(DocumentKind)  # no stray files
    assert (out / "queue_ticket.png").read_bytes().startswith(b"\x89PNG")
