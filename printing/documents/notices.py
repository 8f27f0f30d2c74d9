"""The front desk's written outcomes: acceptance, supplement, refusal, deferred materials."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printing.layout import Kit, cn_date, framed
from printing.model import (
    AcceptanceNotice,
    DeferredMaterialsNotice,
    DenialDecision,
    PermitDecision,
    RefusalNotice,
    SupplementNotice,
)

__all__ = [
    "build_acceptance",
    "build_deferred",
    "build_denial",
    "build_permit",
    "build_refusal",
    "build_supplement",
]


_AnyNotice = (
    AcceptanceNotice
    | SupplementNotice
    | RefusalNotice
    | DeferredMaterialsNotice
    | PermitDecision
    | DenialDecision
)


def _case_rows(doc: _AnyNotice, label: str) -> list[tuple[str, str]]:
    a = doc.applicant
    return [
        (label, doc.case_number),
        ("办理事项", doc.matter),
        ("申请人", a.name),
        ("证件类型及号码", f"{a.id_type}　{a.masked_id}"),
    ]


def _progress(doc: AcceptanceNotice | DeferredMaterialsNotice) -> str:
    ways = []
    if doc.issuer.progress_url:
        ways.append(f"登录 {doc.issuer.progress_url}")
    if doc.issuer.phone:
        ways.append(f"拨打 {doc.issuer.phone}")
    return f"进度查询：凭受理编号 {doc.case_number} {' 或 '.join(ways)} 查询办理进度。"


def _letter(
    doc: _AnyNotice, kit: Kit, decision: str, *, filed_on: date | None = None
) -> list[Flowable]:
    """The notice's opening: the applicant addressed, then "your application for … : decision"."""
    filed = f"于{cn_date(filed_on)}" if filed_on is not None else ""
    return [
        kit.para(f"{doc.applicant.name}："),
        kit.para(f"您{filed}提出的“{doc.matter}”申请，{decision}", kit.indented),
    ]


def build_acceptance(doc: AcceptanceNotice, kit: Kit) -> list[Flowable]:
    out: list[Flowable] = [
        *_letter(
            doc,
            kit,
            "申请材料齐全、符合法定形式，"
            f"本机关决定予以受理。承诺办结日期为{cn_date(doc.promised_date)}。",
            filed_on=doc.issued_on,
        ),
        Spacer(1, 3 * mm),
        kit.fields([*_case_rows(doc, "受理编号"), ("承诺办结日期", cn_date(doc.promised_date))]),
        kit.para("已收取的申请材料", kit.heading),
        kit.materials(doc.materials, "份数及形式"),
        Spacer(1, 3 * mm),
        kit.para(_progress(doc), kit.body),
        kit.para("办结后请凭本通知书及本人身份证件领取办理结果。", kit.body),
    ]
    return framed(kit, doc, out)


def build_supplement(doc: SupplementNotice, kit: Kit) -> list[Flowable]:
    deadline = f"请于{cn_date(doc.supply_by)}前" if doc.supply_by else "请"
    out: list[Flowable] = [
        *_letter(
            doc,
            kit,
            "经审查，申请材料不齐全或者不符合法定形式。"
            "根据一次性告知的规定，现将需要补正的全部材料告知如下。"
            f"{deadline}一次性补正下列全部材料；补正齐全后即予受理。",
        ),
        Spacer(1, 3 * mm),
        kit.fields(_case_rows(doc, "申请编号")),
        kit.para("需要补正的材料", kit.heading),
        kit.materials(doc.missing, "补正要求"),
    ]
    if doc.received:
        out += [kit.para("已收取的材料", kit.heading), kit.materials(doc.received, "份数及形式")]
    return framed(kit, doc, out)


def build_refusal(doc: RefusalNotice, kit: Kit) -> list[Flowable]:
    opening = _letter(doc, kit, "经审查，本机关决定不予受理。理由如下：")
    return _refused(doc, kit, opening, "申请编号")


def _refused(
    doc: RefusalNotice | DenialDecision, kit: Kit, opening: list[Flowable], number_label: str
) -> list[Flowable]:
    """A "no" in writing (不予受理, 不予许可): the opening, the reason and its legal basis, the
    case, and the applicant's remedy."""
    out: list[Flowable] = [*opening, kit.para(doc.reason, kit.indented)]
    if doc.legal_basis:
        out.append(kit.para(f"依据：{doc.legal_basis}", kit.indented))
    out += [
        Spacer(1, 3 * mm),
        kit.fields(_case_rows(doc, number_label)),
        Spacer(1, 3 * mm),
        kit.para(doc.remedy, kit.indented),
    ]
    return framed(kit, doc, out)


def build_deferred(doc: DeferredMaterialsNotice, kit: Kit) -> list[Flowable]:
    out: list[Flowable] = [
        *_letter(
            doc,
            kit,
            "主要申请材料齐全，经您书面承诺，本机关予以容缺受理。"
            f"请于{cn_date(doc.owed_by)}前补交下列材料；逾期未补交的，本事项终止办理。",
        ),
        Spacer(1, 3 * mm),
        kit.fields(
            [
                *_case_rows(doc, "受理编号"),
                ("补交期限", cn_date(doc.owed_by)),
                ("承诺办结日期", cn_date(doc.promised_date)),
            ]
        ),
        kit.para("容缺（待补交）材料", kit.heading),
        kit.materials(doc.owed, "补交要求"),
        Spacer(1, 3 * mm),
        kit.para(_progress(doc), kit.body),
    ]
    return framed(kit, doc, out, party="申请人（承诺并签收）")


def build_permit(doc: PermitDecision, kit: Kit) -> list[Flowable]:
    out: list[Flowable] = [
        *_letter(
            doc,
            kit,
            "经审查，符合法定条件和标准，本机关决定准予许可。",
            filed_on=doc.filed_on,
        ),
        Spacer(1, 3 * mm),
        kit.fields([*_case_rows(doc, "受理编号"), ("办理结果", doc.result)]),
    ]
    if doc.opinions:
        out.append(kit.para("审查意见", kit.heading))
        out += [kit.para(line, kit.indented) for line in doc.opinions]
    out += [Spacer(1, 3 * mm), kit.para(doc.collect, kit.body)]
    return framed(kit, doc, out)


def build_denial(doc: DenialDecision, kit: Kit) -> list[Flowable]:
    by = f"经{doc.department}审查，" if doc.department else "经审查，"
    opening = _letter(doc, kit, f"{by}本机关决定不予许可。理由如下：", filed_on=doc.filed_on)
    return _refused(doc, kit, opening, "受理编号")
