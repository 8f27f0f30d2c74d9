"""Certificates issued on the spot: residence slip, rental filing, birth registration slip."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printing.layout import FRAME_W, Kit, cn_date, framed, money
from printing.model import (
    BirthRegistrationSlip,
    Person,
    RentalFilingCertificate,
    ResidenceRegistrationSlip,
)

__all__ = ["build_birth_slip", "build_rental_filing", "build_residence_slip"]

_ORDINALS = "一二三四五六七八九十"


def _person(p: Person) -> str:
    return f"{p.name}（{p.id_type} {p.masked_id}）"


def build_residence_slip(doc: ResidenceRegistrationSlip, kit: Kit) -> list[Flowable]:
    rows = [
        ("登记编号", doc.case_number),
        ("申报人", _person(doc.reporter)),
        ("居住地址", doc.address),
        ("房屋编码", doc.house_code),
        ("入住日期", cn_date(doc.move_in_date)),
    ]
    if doc.reason:
        rows.append(("来本地事由", doc.reason))
    out: list[Flowable] = [
        kit.fields(rows),
        kit.para("登记人员", kit.heading),
        kit.grid(
            ["序号", "姓名", "证件类型", "证件号码"],
            [[str(i), p.name, p.id_type, p.masked_id] for i, p in enumerate(doc.residents, 1)],
            [14 * mm, 44 * mm, 40 * mm, FRAME_W - 98 * mm],
        ),
        Spacer(1, 3 * mm),
        kit.para(
            "上述人员已办理居住登记。居住地址变更或离开时，请及时申报变更或注销；"
            "符合条件的，可凭居住登记申领居住证。",
            kit.small,
        ),
    ]
    return framed(kit, doc, out, party="申报人（签收）")


def build_rental_filing(doc: RentalFilingCertificate, kit: Kit) -> list[Flowable]:
    rows = [
        ("备案编号", doc.number),
        ("受理编号", doc.case_number),
        ("出租人", _person(doc.landlord)),
        *[("承租人", _person(t)) for t in doc.tenants],
        ("房屋坐落", doc.address),
        ("房屋编码", doc.house_code),
        ("房屋用途", doc.use),
    ]
    if doc.area_m2 is not None:
        rows.append(("租赁面积", f"{doc.area_m2:f} 平方米"))
    rows += [
        ("月租金", f"{money(doc.monthly_rent)} 元"),
        ("租赁期限", f"{cn_date(doc.term_start)} 至 {cn_date(doc.term_end)}"),
    ]
    out: list[Flowable] = [
        kit.para("经审核，下列房屋租赁合同已办理登记备案，特发此凭证。", kit.indented),
        Spacer(1, 3 * mm),
        kit.fields(rows),
        Spacer(1, 3 * mm),
        kit.para(
            "本凭证证明房屋租赁合同已登记备案，不作为房屋权属证明。租赁合同变更、续租或提前解除的，"
            "应自变更之日起三十日内办理变更或注销备案。",
            kit.small,
        ),
    ]
    return framed(kit, doc, out, party="领证人（签收）")


def build_birth_slip(doc: BirthRegistrationSlip, kit: Kit) -> list[Flowable]:
    order = (
        _ORDINALS[doc.child_order - 1]
        if doc.child_order <= len(_ORDINALS)
        else str(doc.child_order)
    )
    rows = [
        ("登记编号", doc.case_number),
        ("女方", _person(doc.mother)),
        ("男方", _person(doc.father)),
        ("现居住地址", doc.address),
        ("生育孩次", f"第{order}个子女"),
    ]
    if doc.expected_due is not None:
        rows.append(("预产期", cn_date(doc.expected_due)))
    out: list[Flowable] = [
        kit.para("经核对，下列夫妻已办理生育登记，特发此服务单。", kit.indented),
        Spacer(1, 3 * mm),
        kit.fields(rows),
        Spacer(1, 3 * mm),
        kit.para(
            "凭本服务单可在居住地或户籍地享受孕产期保健、儿童预防接种等基本公共服务。",
            kit.small,
        ),
    ]
    return framed(kit, doc, out, party="登记人（签收）")
