"""Synthetic data for one document of every kind (printer set-up, tests, benchmarks).

Every person, number and address here is invented. Two names carry characters beyond the
common set (䶮 of CJK Extension A, 𠮷 of Extension B), so a sample run also proves that the
station's fonts print rare names.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from desktop.domain.identity import mod11_2_check_char
from printing.model import (
    AcceptanceNotice,
    BirthRegistrationSlip,
    DeferredMaterialsNotice,
    DenialDecision,
    Document,
    DocumentKind,
    Issuer,
    Material,
    PermitDecision,
    Person,
    QueueTicket,
    RefusalNotice,
    RentalFilingCertificate,
    RentalTaxReceipt,
    ResidenceRegistrationSlip,
    SupplementNotice,
    TaxLine,
)

__all__ = ["SAMPLE_ISSUER", "sample_document", "sample_documents", "synthetic_id"]

SAMPLE_ISSUER = Issuer(
    name="示例市示例区政务服务中心",
    address="示例区人民路88号",
    phone="0755-12345678",
    progress_url="zwfw.example.gov.cn",
)


def synthetic_id(birth: date, serial: int, region: str = "440307") -> str:
    """A well-formed 18-digit number for an invented person (check character included)."""
    first17 = f"{region}{birth:%Y%m%d}{serial:03d}"
    return first17 + mod11_2_check_char(first17)


def _people() -> dict[str, Person]:
    return {
        "li": Person(name="李䶮", id_number=synthetic_id(date(1990, 3, 14), 123)),
        "ji": Person(name="吉𠮷祥", id_number=synthetic_id(date(1985, 7, 2), 456)),
        "zhang": Person(name="张晓芳", id_number=synthetic_id(date(1992, 11, 30), 228)),
        "wang": Person(name="王建国", id_number=synthetic_id(date(1978, 1, 9), 317)),
        "chen": Person(name="陈思远", id_number=synthetic_id(date(1995, 5, 21), 441)),
        "zhao": Person(name="赵雨桐", id_number=synthetic_id(date(1996, 8, 8), 562)),
    }


_ADDRESS = "广东省示例市示例区示例街道幸福社区人民路88号阳光花园3栋2单元1502室"
_HOUSE_CODE = "4403070030030400042000003"
CLERK = "周明"


def sample_documents(today: date | None = None, issuer: Issuer = SAMPLE_ISSUER) -> list[Document]:
    """One synthetic document of every kind, in :class:`DocumentKind` order."""
    d = today or date(2026, 11, 23)
    p = _people()
    y = d.year
    case = f"440307{d:%Y%m%d}"
    docs: list[Document] = [
        AcceptanceNotice(
            number=f"示政受〔{y}〕第000123号",
            case_number=f"{case}10001",
            matter="居住证申领",
            applicant=p["li"],
            materials=(
                Material(name="居民身份证", note="原件核验"),
                Material(name="居住登记凭条", note="系统调取（A类，无需提交）"),
                Material(name="房屋租赁合同", note="复印件1份"),
                Material(name="近期免冠照片", note="现场采集"),
            ),
            promised_date=d + timedelta(days=21),
            issued_on=d,
            issuer=issuer,
            clerk=CLERK,
        ),
        SupplementNotice(
            number=f"示政补〔{y}〕第000045号",
            case_number=f"{case}10002",
            matter="出租房屋租赁登记备案",
            applicant=p["wang"],
            missing=(
                Material(name="共有人同意出租的书面证明", note="房屋为共有，须全体共有人签字"),
                Material(name="授权委托书", note="代理人办理时提供，须委托人签字"),
            ),
            received=(
                Material(name="房屋租赁合同", note="原件1份"),
                Material(name="出租人、承租人身份证件", note="原件核验"),
            ),
            supply_by=d + timedelta(days=10),
            issued_on=d,
            issuer=issuer,
            clerk=CLERK,
        ),
        RefusalNotice(
            number=f"示政不受〔{y}〕第000007号",
            case_number=f"{case}10003",
            matter="法律援助申请",
            applicant=p["chen"],
            reason="申请事项不属于本中心受理范围，请向案件管辖地的法律援助机构提出申请。",
            legal_basis="《中华人民共和国法律援助法》第三十八条",
            issued_on=d,
            issuer=issuer,
            clerk=CLERK,
        ),
        DeferredMaterialsNotice(
            number=f"示政容〔{y}〕第000019号",
            case_number=f"{case}10004",
            matter="居住证申领",
            applicant=p["zhao"],
            owed=(Material(name="社会保险缴纳证明", note="近6个月，加盖社保机构印章"),),
            owed_by=d + timedelta(days=7),
            promised_date=d + timedelta(days=21),
            issued_on=d,
            issuer=issuer,
            clerk=CLERK,
        ),
        ResidenceRegistrationSlip(
            number=f"示居登〔{y}〕第003201号",
            case_number=f"{case}10005",
            reporter=p["ji"],
            residents=(p["ji"], p["zhang"]),
            address=_ADDRESS,
            house_code=_HOUSE_CODE,
            move_in_date=d - timedelta(days=12),
            reason="务工",
            issued_on=d,
            issuer=issuer,
            clerk=CLERK,
        ),
        RentalFilingCertificate(
            number=f"示租备〔{y}〕第008812号",
            case_number=f"{case}10006",
            unit="示例区住房和建设局房屋租赁管理所",
            landlord=p["wang"],
            tenants=(p["ji"],),
            address=_ADDRESS,
            house_code=_HOUSE_CODE,
            use="住宅",
            area_m2=Decimal("68.50"),
            monthly_rent=Decimal("3500.00"),
            term_start=d,
            term_end=d + timedelta(days=364),
            issued_on=d,
            issuer=issuer,
            clerk=CLERK,
        ),
        BirthRegistrationSlip(
            number=f"示生登〔{y}〕第000388号",
            case_number=f"{case}10007",
            mother=p["zhang"],
            father=p["chen"],
            child_order=1,
            address=_ADDRESS,
            expected_due=d + timedelta(days=150),
            issued_on=d,
            issuer=issuer,
            clerk=CLERK,
        ),
        RentalTaxReceipt(
            number=f"示税明〔{y}〕第002741号",
            case_number=f"{case}10008",
            taxpayer=p["wang"],
            address=_ADDRESS,
            period_start=date(d.year, 1, 1),
            period_end=date(d.year, 6, 30),
            rent=Decimal("21000.00"),
            rule_set=f"示例市个人出租住房综合征收率（{y}年版，月租金10万元以下2.5%）",
            lines=(
                TaxLine(
                    name="房产税",
                    base=Decimal("21000.00"),
                    rate=Decimal("0.008"),
                    amount=Decimal("168.00"),
                ),
                TaxLine(
                    name="个人所得税",
                    base=Decimal("21000.00"),
                    rate=Decimal("0.012"),
                    amount=Decimal("252.00"),
                ),
                TaxLine(
                    name="城镇土地使用税等",
                    base=Decimal("21000.00"),
                    rate=Decimal("0.005"),
                    amount=Decimal("105.00"),
                ),
            ),
            payment_method="移动支付",
            issued_on=d,
            issuer=issuer,
            clerk=CLERK,
        ),
        QueueTicket(
            number="A005",
            issuer=issuer,
            queue_name="综合受理（居住登记、居住证）",
            taken_at=datetime.combine(d, time(9, 41)),
            matters=("居住登记", "居住证申领"),
            waiting_ahead=4,
        ),
        PermitDecision(
            number=f"示政准〔{y}〕第000031号",
            case_number=f"{case}10001",
            matter="居住证申领",
            applicant=p["li"],
            filed_on=d - timedelta(days=14),
            result="居住证",
            opinions=("公安：符合居住证申领条件，同意。", "社区：居住情况属实，同意。"),
            issued_on=d,
            issuer=issuer,
            clerk=CLERK,
        ),
        DenialDecision(
            number=f"示政不许〔{y}〕第000004号",
            case_number=f"{case}10005",
            matter="法律援助申请",
            applicant=p["chen"],
            filed_on=d - timedelta(days=5),
            department="司法",
            reason="申请人经济状况不符合法律援助经济困难标准。",
            legal_basis="《中华人民共和国法律援助法》第三十四条",
            issued_on=d,
            issuer=issuer,
            clerk=CLERK,
        ),
    ]
    assert [doc.kind for doc in docs] == list(DocumentKind)
    return docs


def sample_document(kind: DocumentKind, today: date | None = None) -> Document:
    return next(doc for doc in sample_documents(today) if doc.kind is kind)
