"""``onewindow-admin matters``: the matter catalog as loaded (shipped files + the hall's folder).

Fails (exit 2, ``error [catalog.invalid]: FILE: FIELD: problem``) if any file is broken, so IT
staff can check a hall's edits before a window opens with them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Protocol, TextIO

from desktop.config.paths import AppPaths
from desktop.domain.matters.loader import MatterCatalog, load_catalog
from desktop.domain.matters.model import Matter

__all__ = ["add_parsers", "catalog_to_json", "cmd_matters", "hall_matters_dir"]


class MattersContext(Protocol):
    out: TextIO
    paths: AppPaths

    def emit(self, obj: Any) -> None: ...


def hall_matters_dir(paths: AppPaths) -> Path:
    """Where a hall keeps its own matter files (additions and overrides)."""
    return paths.data_dir / "matters"


def add_parsers(sub: Any) -> None:
    sp = sub.add_parser(
        "matters", help="list the matter catalog as loaded; fails naming the file if one is broken"
    )
    sp.add_argument("--json", action="store_true", help="the whole catalog as JSON")
    sp.add_argument(
        "--dir", type=Path, default=None, help="the hall's matter folder (default: <data>/matters)"
    )


def _matter_json(m: Matter) -> dict[str, Any]:
    return {
        "code": m.code,
        "basic_code": m.basic_code,
        "name_zh": m.name_zh,
        "name_en": m.name_en,
        "category": m.category,
        "kind": m.kind.value,
        "promised_limit": m.promised_limit,
        "statutory_limit": m.statutory_limit,
        "limit_unit": m.limit_unit.value,
        "departments": [d.code for d in m.departments],
        "documents": list(m.documents),
        "fee": {
            "kind": m.fee.kind,
            "amount": str(m.fee.amount),
            "by_field": m.fee.by_field,
            "amounts": {k: str(v) for k, v in m.fee.amounts},
        },
        "fields": [
            {
                "section": s.key,
                "key": f.key,
                "type": f.type.value,
                "label_zh": f.label_zh,
                "required": f.required,
                "prefill": f.prefill,
                "repeat_max": s.repeat_max,
            }
            for s in m.sections
            for f in s.fields
        ],
        "materials": [
            {
                "code": x.code,
                "name_zh": x.name_zh,
                "essential": x.essential,
                "trust": x.trust.value,
                "reusable_cert_type": x.reusable_cert_type,
                "promise_allowed": x.promise_allowed,
            }
            for x in m.materials
        ],
        "conditions": [{"rule": c.rule, **dict(c.params)} for c in m.conditions],
        "source": m.source,
    }


def catalog_to_json(catalog: MatterCatalog) -> dict[str, Any]:
    return {
        "hall_dir": catalog.hall_dir,
        "overridden": list(catalog.overridden),
        "matters": [_matter_json(m) for m in catalog],
    }


def cmd_matters(ctx: MattersContext, args: argparse.Namespace) -> int:
    folder = args.dir if args.dir is not None else hall_matters_dir(ctx.paths)
    if args.dir is not None and not folder.is_dir():
        from desktop.cli.common import CliError

        raise CliError("matters.no_folder", f"--dir {folder} is not a folder.")
    catalog = load_catalog(folder)
    if args.json:
        ctx.emit(catalog_to_json(catalog))
        return 0
    for m in catalog:
        limit = (
            f"{m.promised_limit}/{m.statutory_limit} "
            + ("working days" if m.limit_unit.value == "working_days" else "days")
            if m.promised_limit
            else "at the window"
        )
        deps = ", ".join(d.code for d in m.departments) or "-"
        mark = " (hall override)" if m.code in catalog.overridden else ""
        ctx.out.write(
            f"{m.category}  {m.code:<24}  {m.kind.value:<9}  {limit:<22}  {deps:<18}  "
            f"{m.name_zh} / {m.name_en}{mark}\n"
        )
    ctx.out.write(f"{len(catalog)} matters; hall folder: {folder}\n")
    return 0
