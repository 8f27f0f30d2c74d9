"""Load and check the matter catalog: the shipped files, then a hall's own folder.

Every file is checked completely at load — keys, types, codes, code lists, pre-fill sources,
conditions, field references — so a broken file fails when the app or ``onewindow-admin
matters`` starts, naming the file, the field and the problem, never at a window in front of a
citizen. A hall's folder (``<data dir>/matters/*.toml``) may add matters, or replace a shipped
one by using its ``code`` (``enabled = false`` removes it from the catalog).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

from desktop.domain.errors import CodedError
from desktop.domain.matters.conditions import RULES
from desktop.domain.matters.model import (
    CodeOption,
    Condition,
    Department,
    FeeRule,
    FieldSpec,
    FieldType,
    LimitUnit,
    MaterialSpec,
    Matter,
    MatterKind,
    PrintFields,
    SectionSpec,
    SlotKind,
    TrustLevel,
)
from desktop.domain.matters.prefill import is_known_source
from desktop.domain.matters.validation import relative_date

__all__ = [
    "DOCUMENT_KINDS",
    "DOCUMENT_SLOTS",
    "MatterCatalog",
    "MatterFileError",
    "load_catalog",
    "load_code_lists",
    "load_departments",
    "load_national_code_lists",
]

SCHEMA_VERSION = 1

#: The documents a matter may print (rendered by :mod:`printing`).
DOCUMENT_KINDS = frozenset(
    {
        "acceptance_notice",
        "supplement_notice",
        "refusal_notice",
        "deferred_materials_notice",
        "residence_registration_slip",
        "rental_filing_certificate",
        "birth_registration_slip",
        "rental_tax_receipt",
        "queue_ticket",
        "permit_decision",
        "denial_decision",
    }
)

#: The documents that print values of the form, with their slots: a matter that prints one
#: says in ``[print_fields.<document>]`` which of its fields fills each slot (all of them).
DOCUMENT_SLOTS: Mapping[str, Mapping[str, SlotKind]] = {
    "residence_registration_slip": {
        "residents": SlotKind.PERSONS,
        "address": SlotKind.FIELD,
        "house_code": SlotKind.FIELD,
        "move_in_date": SlotKind.FIELD,
        "reason": SlotKind.FIELD,
    },
    "rental_filing_certificate": {
        "landlord": SlotKind.PERSON,
        "tenant": SlotKind.PERSON,
        "address": SlotKind.FIELD,
        "house_code": SlotKind.FIELD,
        "use": SlotKind.CHOICE,
        "monthly_rent": SlotKind.FIELD,
        "term_start": SlotKind.FIELD,
        "term_end": SlotKind.FIELD,
    },
    "birth_registration_slip": {
        "spouse": SlotKind.PERSON,
        "applicant_sex": SlotKind.CHOICE,  # GB/T 2261.1: "2" makes the applicant the mother
        "child_order": SlotKind.CHOICE,
        "address": SlotKind.FIELD,
        "expected_due": SlotKind.FIELD,
    },
    "rental_tax_receipt": {
        "taxpayer": SlotKind.PERSON,
        "address": SlotKind.FIELD,
        "payment_method": SlotKind.CHOICE,
    },
}

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_CATEGORY = re.compile(r"^[A-Z]{2}$")
_CODE = re.compile(r"^[0-9A-Z]{1,24}$")
_BASIC = re.compile(r"^[0-9A-Z]{1,10}$")
_INITIALS = re.compile(r"^[A-Z]{1,12}$")


class MatterFileError(CodedError, ValueError):
    """A catalog file is broken: which file, which field, what is wrong."""

    code = "catalog.invalid"

    def __init__(self, source: str, field: str, problem: str) -> None:
        self.source = source
        self.field = field
        self.problem = problem
        super().__init__(
            f"{source}: {field}: {problem}",
            detail={"source": source, "field": field, "problem": problem},
        )


# ---- reading helpers -----------------------------------------------------------------------


class _Table:
    """A TOML table being read: every key must be used, with the right type."""

    def __init__(self, data: Mapping[str, Any], source: str, where: str) -> None:
        if not isinstance(data, Mapping):
            raise MatterFileError(source, where or "(file)", "must be a table")
        self.data = data
        self.source = source
        self.where = where
        self.used: set[str] = set()

    def _path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def fail(self, key: str, problem: str) -> MatterFileError:
        return MatterFileError(self.source, self._path(key), problem)

    def get(self, key: str, typ: type | tuple[type, ...], default: Any = ..., /) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "is required")
            return default
        value = self.data[key]
        if typ is int and isinstance(value, bool):
            raise self.fail(key, "must be an integer")
        if not isinstance(value, typ):
            names = typ.__name__ if isinstance(typ, type) else "/".join(t.__name__ for t in typ)
            raise self.fail(key, f"must be {names}, not {type(value).__name__}")
        return value

    def text(
        self, key: str, default: str | None = None, *, pattern: re.Pattern[str] | None = None
    ) -> str:
        value: str = self.get(key, str, ... if default is None else default)
        if pattern is not None and not pattern.fullmatch(value):
            raise self.fail(key, f"{value!r} does not match {pattern.pattern}")
        return value

    def tables(self, key: str) -> Iterator[_Table]:
        items = self.get(key, list, [])
        for i, item in enumerate(items):
            yield _Table(item, self.source, f"{self._path(key)}[{i}]")

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self.fail(unknown[0], "unknown key")


def _decimal(t: _Table, key: str) -> Decimal | None:
    raw = t.get(key, (str, int, float), None)
    if raw is None:
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        raise t.fail(key, f"{raw!r} is not a number") from None


def _options(t: _Table, key: str) -> tuple[CodeOption, ...]:
    out: list[CodeOption] = []
    seen: set[str] = set()
    for o in t.tables(key):
        opt = CodeOption(o.text("code"), o.text("zh"), o.text("en"))
        o.finish()
        if opt.code in seen:
            raise o.fail("code", f"duplicate option {opt.code!r}")
        seen.add(opt.code)
        out.append(opt)
    return tuple(out)


# ---- shared data ---------------------------------------------------------------------------


def _package_file(name: str) -> tuple[str, bytes]:
    ref = resources.files("desktop.domain.matters").joinpath("data", name)
    return f"desktop/domain/matters/data/{name}", ref.read_bytes()


def _parse(source: str, raw: bytes) -> dict[str, Any]:
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise MatterFileError(source, "(file)", f"not UTF-8: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise MatterFileError(source, "(file)", f"not valid TOML: {exc}") from None


#: The table of ``code_lists.toml`` that names the national code lists (not itself a list).
_NATIONAL = "national"


def _read_code_lists() -> tuple[dict[str, tuple[CodeOption, ...]], dict[str, str]]:
    source, raw = _package_file("code_lists.toml")
    data = _parse(source, raw)
    table = _Table(data, source, "")
    lists = {name: _options(table, name) for name in data if name != _NATIONAL}
    national = _Table(table.get(_NATIONAL, dict, {}), source, _NATIONAL)
    standards: dict[str, str] = {}
    for name in national.data:
        standard = national.text(name)
        if name not in lists:
            raise national.fail(name, "is not a code list of this file")
        if not standard.strip():
            raise national.fail(name, "name the standard the codes follow")
        standards[name] = standard
    national.finish()
    table.finish()
    return lists, standards


def load_code_lists() -> dict[str, tuple[CodeOption, ...]]:
    """The shipped code lists by name (sex, ethnicity, id_type…)."""
    return _read_code_lists()[0]


def load_national_code_lists() -> dict[str, str]:
    """The code lists whose codes are national codes clerks know, with the standard of each.

    A form shows these codes beside their labels; every other list's codes are internal keys.
    """
    return _read_code_lists()[1]


def load_departments() -> dict[str, Department]:
    source, raw = _package_file("departments.toml")
    table = _Table(_parse(source, raw), source, "")
    out: dict[str, Department] = {}
    for d in table.tables("departments"):
        dep = Department(d.text("code", pattern=_KEY), d.text("zh"), d.text("en"))
        d.finish()
        out[dep.code] = dep
    table.finish()
    return out


# ---- one matter ----------------------------------------------------------------------------


def _field(
    t: _Table, code_lists: Mapping[str, tuple[CodeOption, ...]], national: Collection[str]
) -> FieldSpec:
    key = t.text("key", pattern=_KEY)
    raw_type = t.text("type")
    try:
        ftype = FieldType(raw_type)
    except ValueError:
        raise t.fail("type", f"unknown field type (one of {', '.join(FieldType)})") from None
    prefill = t.text("prefill", "")
    if prefill and not is_known_source(prefill):
        raise t.fail("prefill", f"unknown pre-fill source {prefill!r}")
    options = _options(t, "options")
    code_list = t.text("code_list", "")
    if code_list:
        if options:
            raise t.fail("code_list", "give either options or a code_list, not both")
        if code_list not in code_lists:
            raise t.fail("code_list", f"unknown code list {code_list!r}")
        options = code_lists[code_list]
    if ftype is FieldType.CHOICE and not options:
        raise t.fail("options", "a choice field needs options or a code_list")
    if options and ftype is not FieldType.CHOICE:
        raise t.fail("options", "only choice fields have options")
    pattern = t.text("pattern", "")
    if pattern:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise t.fail("pattern", f"not a regular expression: {exc}") from None
    spec = FieldSpec(
        key=key,
        type=ftype,
        label_zh=t.text("label_zh"),
        label_en=t.text("label_en"),
        required=t.get("required", bool, False),
        prefill=prefill,
        options=options,
        code_list=code_list,
        national_codes=code_list in national,
        pattern=pattern,
        pattern_hint_zh=t.text("pattern_hint_zh", ""),
        pattern_hint_en=t.text("pattern_hint_en", ""),
        min_length=t.get("min_length", int, None),
        max_length=t.get("max_length", int, None),
        min_value=_decimal(t, "min_value"),
        max_value=_decimal(t, "max_value"),
        not_before=t.text("not_before", ""),
        not_after=t.text("not_after", ""),
        id_type_field=t.text("id_type_field", ""),
        default=t.text("default", ""),
        help_zh=t.text("help_zh", ""),
        help_en=t.text("help_en", ""),
    )
    for bound in ("not_before", "not_after"):
        value = getattr(spec, bound)
        if value:
            if ftype is not FieldType.DATE:
                raise t.fail(bound, "only date fields have date bounds")
            try:
                relative_date(value, date(2000, 1, 1))
            except ValueError:
                raise t.fail(
                    bound, f"{value!r}: use an ISO date, today, today-Nd or today+Nd"
                ) from None
    if spec.id_type_field and ftype is not FieldType.ID_NUMBER:
        raise t.fail("id_type_field", "only id_number fields name an ID-type field")
    if spec.default and options and spec.option(spec.default) is None:
        raise t.fail("default", f"{spec.default!r} is not one of the options")
    t.finish()
    return spec


def _material(t: _Table) -> MaterialSpec:
    raw_trust = t.text("trust")
    try:
        trust = TrustLevel(raw_trust)
    except ValueError:
        raise t.fail("trust", "must be A, B, C or D") from None
    spec = MaterialSpec(
        code=t.text("code", pattern=_KEY),
        name_zh=t.text("name_zh"),
        name_en=t.text("name_en"),
        essential=t.get("essential", bool),
        trust=trust,
        issuer=t.text("issuer", ""),
        originals=t.get("originals", int, 1),
        copies=t.get("copies", int, 0),
        reusable_cert_type=t.text("reusable_cert_type", ""),
        promise_allowed=t.get("promise_allowed", bool, False),
        when_field=t.text("when_field", ""),
        when_equals=t.text("when_equals", ""),
    )
    if bool(spec.when_field) != bool(spec.when_equals):
        raise t.fail("when_field", "when_field and when_equals go together")
    t.finish()
    return spec


def _fee(t: _Table) -> FeeRule:
    kind = t.text("kind")
    if kind not in ("free", "fixed", "rental_tax"):
        raise t.fail("kind", "must be free, fixed or rental_tax")
    amount = _decimal(t, "amount") or Decimal("0")
    by_field = t.text("by_field", "")
    raw_amounts = t.get("amounts", dict, {})
    amounts: list[tuple[str, Decimal]] = []
    for value, raw in raw_amounts.items():
        try:
            amounts.append((value, Decimal(str(raw))))
        except InvalidOperation:
            raise t.fail(f"amounts.{value}", f"{raw!r} is not an amount") from None
    if kind == "fixed" and not (by_field and amounts) and amount <= 0:
        raise t.fail("amount", "a fixed fee needs an amount, or by_field with amounts")
    t.finish()
    return FeeRule(kind, amount, by_field, tuple(amounts))


def _condition(t: _Table) -> Condition:
    rule = t.text("rule")
    if rule not in RULES:
        raise t.fail("rule", f"unknown condition rule {rule!r} (one of {', '.join(sorted(RULES))})")
    params = t.get("params", dict, {})
    for name, value in params.items():
        if name not in RULES[rule][0]:
            raise t.fail(f"params.{name}", f"rule {rule} takes no parameter {name!r}")
        if not isinstance(value, str):
            raise t.fail(f"params.{name}", "parameters are strings")
    t.finish()
    return Condition(rule, tuple(sorted(params.items())))


def parse_matter(
    data: Mapping[str, Any],
    source: str,
    *,
    code_lists: Mapping[str, tuple[CodeOption, ...]],
    departments: Mapping[str, Department],
    national: Collection[str] = (),
) -> tuple[Matter, bool]:
    """Build one matter from its file's table; returns it and whether it is enabled.

    ``national``: the code lists whose codes are national codes (shown beside the labels).
    """
    t = _Table(data, source, "")
    schema = t.get("schema", int)
    if schema != SCHEMA_VERSION:
        raise t.fail("schema", f"this OneWindow reads schema {SCHEMA_VERSION}, not {schema}")
    enabled = t.get("enabled", bool, True)
    raw_kind = t.text("kind")
    try:
        kind = MatterKind(raw_kind)
    except ValueError:
        raise t.fail("kind", "must be immediate or promised") from None
    raw_unit = t.text("limit_unit", "working_days")
    try:
        unit = LimitUnit(raw_unit)
    except ValueError:
        raise t.fail("limit_unit", "must be working_days or natural_days") from None
    dep_codes = t.get("departments", list)
    deps: list[Department] = []
    for code in dep_codes:
        if code not in departments:
            raise t.fail("departments", f"unknown department {code!r}")
        deps.append(departments[code])
    documents = tuple(t.get("documents", list))
    for doc in documents:
        if doc not in DOCUMENT_KINDS:
            raise t.fail("documents", f"unknown document kind {doc!r}")
    sections: list[SectionSpec] = []
    for s in t.tables("sections"):
        fields = tuple(_field(f, code_lists, national) for f in s.tables("fields"))
        section = SectionSpec(
            key=s.text("key", pattern=_KEY),
            title_zh=s.text("title_zh"),
            title_en=s.text("title_en"),
            fields=fields,
            repeat_min=s.get("repeat_min", int, 1),
            repeat_max=s.get("repeat_max", int, 1),
        )
        if not fields:
            raise s.fail("fields", "a section needs at least one field")
        if not 0 <= section.repeat_min <= section.repeat_max:
            raise s.fail("repeat_max", "must be at least repeat_min")
        s.finish()
        sections.append(section)
    matter = Matter(
        code=t.text("code", pattern=_CODE),
        basic_code=t.text("basic_code", pattern=_BASIC),
        name_zh=t.text("name_zh"),
        name_en=t.text("name_en"),
        short_zh=t.text("short_zh"),
        pinyin_initials=t.text("pinyin_initials", pattern=_INITIALS),
        category=t.text("category", pattern=_CATEGORY),
        matter_type=t.text("matter_type"),
        kind=kind,
        promised_limit=t.get("promised_limit", int),
        statutory_limit=t.get("statutory_limit", int),
        limit_unit=unit,
        departments=tuple(deps),
        sections=tuple(sections),
        materials=tuple(_material(m) for m in t.tables("materials")),
        fee=_fee(_Table(t.get("fee", dict), source, "fee")),
        documents=documents,
        conditions=tuple(_condition(c) for c in t.tables("conditions")),
        print_fields=_print_fields(_Table(t.get("print_fields", dict, {}), source, "print_fields")),
        supplement_pauses_clock=t.get("supplement_pauses_clock", bool, False),
        max_persons=t.get("max_persons", int, 1),
        source=source,
        notes_zh=t.text("notes_zh", ""),
        notes_en=t.text("notes_en", ""),
        tags=tuple(t.get("tags", list, [])),
        review_opinions=_review_opinions(_Table(t.get("review", dict, {}), source, "review")),
    )
    t.finish()
    _check_matter(matter, t)
    return matter, enabled


def _review_opinions(t: _Table) -> tuple[str, ...]:
    opinions = t.get("opinions", list, [])
    t.finish()
    if not all(isinstance(o, str) and o.strip() for o in opinions):
        raise t.fail("opinions", "every common opinion is a non-empty string")
    return tuple(o.strip() for o in opinions)


def _check_matter(m: Matter, t: _Table) -> None:
    if m.kind is MatterKind.IMMEDIATE and m.departments:
        raise t.fail("departments", "an immediate matter is finished at the window: no departments")
    if m.kind is MatterKind.PROMISED:
        if not m.departments:
            raise t.fail("departments", "a promised matter needs at least one reviewing department")
        if m.promised_limit <= 0:
            raise t.fail("promised_limit", "a promised matter needs a promised limit > 0")
    if m.promised_limit < 0 or m.statutory_limit < 0:
        raise t.fail("promised_limit", "limits cannot be negative")
    if m.statutory_limit and m.promised_limit > m.statutory_limit:
        raise t.fail("promised_limit", "the promised limit may not exceed the statutory limit")
    if not m.sections:
        raise t.fail("sections", "a matter needs a form with at least one section")
    keys: set[str] = set()
    section_keys: set[str] = set()
    for s in m.sections:
        if s.key in section_keys:
            raise t.fail("sections", f"duplicate section key {s.key!r}")
        section_keys.add(s.key)
        for f in s.fields:
            if f.key in keys:
                raise t.fail("sections", f"duplicate field key {f.key!r}")
            keys.add(f.key)
    for s in m.sections:
        for f in s.fields:
            if f.id_type_field:
                ref = next((g for g in s.fields if g.key == f.id_type_field), None)
                if ref is None or ref.type is not FieldType.CHOICE:
                    raise t.fail(
                        "sections",
                        f"field {f.key!r}: id_type_field {f.id_type_field!r} is not a choice "
                        "field of the same section",
                    )
    paths = _all_paths(m)
    codes: set[str] = set()
    for mat in m.materials:
        if mat.code in codes:
            raise t.fail("materials", f"duplicate material code {mat.code!r}")
        codes.add(mat.code)
        if mat.when_field and mat.when_field not in paths:
            raise t.fail(
                "materials", f"material {mat.code!r}: unknown when_field {mat.when_field!r}"
            )
    if m.fee.by_field and m.fee.by_field not in paths:
        raise t.fail("fee.by_field", f"unknown field {m.fee.by_field!r}")
    if m.fee.by_field:
        spec = m.field(m.fee.by_field)
        for value, _ in m.fee.amounts:
            if spec.options and spec.option(value) is None:
                raise t.fail("fee.amounts", f"{value!r} is not an option of {spec.key!r}")
    _check_print_fields(m, t)


def _print_fields(t: _Table) -> tuple[PrintFields, ...]:
    out: list[PrintFields] = []
    for document in t.data:
        if document not in DOCUMENT_SLOTS:
            raise t.fail(document, "not a document that prints form values")
        slots = _Table(t.get(document, dict), t.source, t._path(document))
        out.append(
            PrintFields(
                document, tuple((name, slots.text(name)) for name in DOCUMENT_SLOTS[document])
            )
        )
        slots.finish()
    t.finish()
    return tuple(out)


def _check_print_fields(m: Matter, t: _Table) -> None:
    """Every document that prints form values has all its slots, each naming a usable field."""
    declared = {p.document for p in m.print_fields}
    for document in m.documents:
        if document in DOCUMENT_SLOTS and document not in declared:
            raise t.fail(f"print_fields.{document}", "is required: the document prints form values")
    paths = _all_paths(m)
    for printed in m.print_fields:
        where = f"print_fields.{printed.document}"
        if printed.document not in m.documents:
            raise t.fail(where, "the matter does not print this document (see documents)")
        for slot, path in printed.slots:
            problem = _slot_problem(m, paths, DOCUMENT_SLOTS[printed.document][slot], path)
            if problem:
                raise t.fail(f"{where}.{slot}", problem)


def _slot_problem(m: Matter, paths: set[str], kind: SlotKind, path: str) -> str:
    if kind is SlotKind.PERSON:
        missing = [f"{path}{key}" for key in ("name", "id_number") if f"{path}{key}" not in paths]
        return f"no field {missing[0]!r} (a person slot names a field prefix)" if missing else ""
    if kind is SlotKind.PERSONS:
        section = next((s for s in m.sections if s.key == path), None)
        if section is None or not section.repeated:
            return f"{path!r} is not a repeated section"
        keys = {f.key for f in section.fields}
        return "" if {"name", "id_number"} <= keys else f"{path!r} has no name and id_number"
    if path not in paths:
        return f"unknown field {path!r}"
    if kind is SlotKind.CHOICE and m.field(path.rsplit(".", 1)[-1]).type is not FieldType.CHOICE:
        return f"{path!r} is not a choice field"
    return ""


def _all_paths(m: Matter) -> set[str]:
    out: set[str] = set()
    for s in m.sections:
        for f in s.fields:
            if s.repeated:
                out.update(f"{s.key}.{i}.{f.key}" for i in range(s.repeat_max))
            else:
                out.add(f.key)
    return out


# ---- the catalog ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatterCatalog:
    matters: tuple[Matter, ...]  # in display order: shipped order by file name, hall's after
    overridden: tuple[str, ...]  # codes a hall file replaced
    hall_dir: str | None

    def get(self, code: str) -> Matter:
        for m in self.matters:
            if m.code == code:
                return m
        raise KeyError(code)

    def __iter__(self) -> Iterator[Matter]:
        return iter(self.matters)

    def __len__(self) -> int:
        return len(self.matters)

    def by_category(self, category: str) -> Matter:
        for m in self.matters:
            if m.category == category:
                return m
        raise KeyError(category)


def _shipped_files() -> Iterable[tuple[str, bytes]]:
    folder = resources.files("desktop.domain.matters").joinpath("data", "matters")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            yield f"desktop/domain/matters/data/matters/{entry.name}", entry.read_bytes()


def load_catalog(hall_dir: Path | None = None) -> MatterCatalog:
    """The shipped matters, with a hall's folder of additions and overrides applied."""
    code_lists, national = _read_code_lists()
    departments = load_departments()
    order: list[str] = []
    by_code: dict[str, Matter] = {}
    disabled: set[str] = set()
    sources: dict[str, str] = {}

    def take(source: str, raw: bytes, *, hall: bool) -> None:
        matter, enabled = parse_matter(
            _parse(source, raw),
            source,
            code_lists=code_lists,
            departments=departments,
            national=national,
        )
        if matter.code in sources and not hall:
            raise MatterFileError(
                source, "code", f"{matter.code} is also in {sources[matter.code]}"
            )
        if hall and matter.code in sources and sources[matter.code].startswith(str(hall_dir)):
            raise MatterFileError(
                source, "code", f"{matter.code} is also in {sources[matter.code]}"
            )
        sources[matter.code] = source
        if matter.code not in by_code and matter.code not in disabled:
            order.append(matter.code)
        if enabled:
            by_code[matter.code] = matter
            disabled.discard(matter.code)
        else:
            by_code.pop(matter.code, None)
            disabled.add(matter.code)

    for source, raw in _shipped_files():
        take(source, raw, hall=False)
    shipped = set(by_code)
    overridden: list[str] = []
    if hall_dir is not None and hall_dir.is_dir():
        for path in sorted(hall_dir.glob("*.toml")):
            take(str(path), path.read_bytes(), hall=True)
            code = _parse(str(path), path.read_bytes()).get("code")
            if code in shipped:
                overridden.append(str(code))
    matters = tuple(by_code[c] for c in order if c in by_code)
    categories: dict[str, str] = {}
    for m in matters:
        if m.category in categories:
            raise MatterFileError(
                m.source, "category", f"{m.category} is also used by {categories[m.category]}"
            )
        categories[m.category] = m.code
    return MatterCatalog(matters, tuple(overridden), str(hall_dir) if hall_dir else None)
