"""Print benchmark: render every document type, beside a one-line reportlab document as floor.

    .venv/bin/python benchmarks/print_bench.py              # 40 renders per type
    .venv/bin/python benchmarks/print_bench.py --runs 100

Each document type is rendered from the synthetic samples (``printing.samples``) by
``printing.render.render`` — validation, signing the verification code, font runs with fallback,
layout, QR code, subset embedding, PDF — with warm caches (fonts loaded once, as in the app).
*Floor:* a one-line A4 document drawn on a bare reportlab canvas with the same embedded body font
(the same registered font object, so the same subsetting path; subset and ToUnicode map
included), timed the same way. Types and floor alternate round by
round so that noise from other jobs hits all alike; every figure is a median, of wall time and of
the thread's CPU time (on a shared machine the CPU time is what the code costs; the wall time
adds waiting for a core).
Targets: receipt < 20 ms, certificate < 50 ms.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from printing.fonts import default_fonts  # noqa: E402
from printing.model import DocumentKind  # noqa: E402
from printing.render import render  # noqa: E402
from printing.samples import sample_documents  # noqa: E402
from printing.verification import DocumentSigner  # noqa: E402

RESULTS = Path(__file__).with_name("results")
TARGETS_MS = {
    DocumentKind.RENTAL_TAX_RECEIPT: 20.0,
    DocumentKind.RESIDENCE_REGISTRATION_SLIP: 50.0,
    DocumentKind.RENTAL_FILING_CERTIFICATE: 50.0,
    DocumentKind.BIRTH_REGISTRATION_SLIP: 50.0,
}


def floor_document(font_name: str | None = None) -> bytes:
    font_name = font_name or default_fonts().body_name
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=A4, initialFontName=font_name)
    canv.setFont(font_name, 12)
    canv.drawString(72, 770, "受理通知书：申请材料齐全，予以受理。")
    canv.showPage()
    canv.save()
    return buf.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--out", type=Path, default=RESULTS / "print.json")
    args = parser.parse_args()

    signer = DocumentSigner(Ed25519PrivateKey.generate(), b"b" * 32)
    docs = sample_documents()
    sizes: dict[str, int] = {}
    for doc in docs:  # warm up: fonts, fallbacks, caches
        sizes[doc.kind.value] = len(render(doc, signer).pdf)
    sizes["floor"] = len(floor_document())
    times: dict[str, list[float]] = {k: [] for k in sizes}
    cpu: dict[str, list[float]] = {k: [] for k in sizes}

    def timed(key: str, fn: Any) -> None:
        c, t = time.thread_time_ns(), time.perf_counter_ns()
        fn()
        times[key].append((time.perf_counter_ns() - t) / 1e6)
        cpu[key].append((time.thread_time_ns() - c) / 1e6)

    for _ in range(args.runs):
        for doc in docs:
            timed(doc.kind.value, lambda doc=doc: render(doc, signer))
        timed("floor", floor_document)

    floor = statistics.median(times["floor"])
    floor_cpu = statistics.median(cpu["floor"])
    rows = []
    for key, samples in times.items():
        med = statistics.median(samples)
        med_cpu = statistics.median(cpu[key])
        kind = DocumentKind(key) if not key.startswith("floor") else None
        target = TARGETS_MS.get(kind) if kind else None
        rows.append(
            {
                "type": key,
                "title": kind.title_zh if kind else "one-line reportlab document (floor)",
                "median_ms": round(med, 2),
                "p95_ms": round(sorted(samples)[int(len(samples) * 0.95) - 1], 2),
                "ratio_to_floor": round(med / floor, 2),
                "cpu_median_ms": round(med_cpu, 2),
                "cpu_ratio_to_floor": round(med_cpu / floor_cpu, 2),
                "bytes": sizes[key],
                "target_ms": target,
                "met": None if target is None else med < target,
                "met_cpu": None if target is None else med_cpu < target,
            }
        )
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "runs": args.runs,
        "rows": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(
        f"{'type':<30}{'median ms':>10}{'p95 ms':>9}{'× floor':>9}{'CPU ms':>8}{'× floor':>9}"
        f"{'KiB':>7}  target (wall / CPU)"
    )
    for r in rows:
        target = ""
        if r["target_ms"]:
            verdict = ["met" if r[k] else "MISSED" for k in ("met", "met_cpu")]
            target = f"< {r['target_ms']:g} ms: {' / '.join(verdict)}"
        print(
            f"{r['type']:<30}{r['median_ms']:>10.2f}{r['p95_ms']:>9.2f}"
            f"{r['ratio_to_floor']:>9.1f}{r['cpu_median_ms']:>8.2f}{r['cpu_ratio_to_floor']:>9.1f}"
            f"{r['bytes'] / 1024:>7.1f}  {target}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
