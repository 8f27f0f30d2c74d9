"""Every document type renders from its data: the text read back from the PDF says what it must."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from print_helpers import flat, need, pdf_text, pdf_words
from pypdf import PdfReader

from printing.documents.receipts import cn_amount
from printing.layout import MARGIN_X
from printing.model import (
    AcceptanceNotice,
    DeferredMaterialsNotice,
    Document,
    DocumentDataError,
    DocumentKind,
    Issuer,
    Material,
    Person,
    QueueTicket,
    RentalTaxReceipt,
    ResidenceRegistrationSlip,
    validate,
)
from printing.render import RenderedDocument, code_from_pdf_metadata, render
from printing.verification import DocumentSigner

Rendered = dict[DocumentKind, tuple[RenderedDocument, Path]]
Samples = dict[DocumentKind, Document]


def text_of(rendered: Rendered, kind: DocumentKind) -> str:
    return flat(pdf_text(rendered[kind][0].pdf))


# ---- what every document carries -----------------------------------------------------------


@pytest.mark.parametrize("kind", [k for k in DocumentKind if k.signed])
def test_every_a4_document_is_numbered_dated_issued_and_has_a_place_to_sign(
    kind: DocumentKind, rendered: Rendered, samples: Samples
) -> None:
    doc = samples[kind]
    assert not isinstance(doc, QueueTicket)
    result, _ = rendered[kind]
    text = text_of(rendered, kind)
    assert kind.title_zh in text
    assert f"编号：{doc.number}" in text
    assert f"{doc.issued_on.year}年{doc.issued_on.month}月{doc.issued_on.day}日" in text
    assert doc.issuing_unit in text and doc.issuer.name in text
    assert "经办人（签名）" in text and "签收）：" in text and "日期：" in text
    assert doc.case_number in text
    assert "扫码核验真伪" in text
    # The holder is named, the identity number only masked.
    holder = doc.holder
    assert holder.name in text
    assert holder.masked_id in text
    assert holder.id_number not in text
    assert "SAMPLE" not in text and "样本" not in text
    page = PdfReader(io.BytesIO(result.pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_no_full_identity_number_anywhere_in_any_pdf(rendered: Rendered, samples: Samples) -> None:
    numbers = {v.id_number for doc in samples.values() for v in _people(doc)}
    assert len(numbers) >= 5
    for result, _ in rendered.values():
        text = flat(pdf_text(result.pdf))
        assert not [n for n in numbers if n in text]
        assert not [n for n in numbers if n.encode() in result.pdf]


def _people(doc: Document) -> list[Person]:
    out: list[Person] = []
    for name in getattr(doc, "__dataclass_fields__", {}):
        value = getattr(doc, name)
        if isinstance(value, Person):
            out.append(value)
        elif isinstance(value, tuple):
            out.extend(v for v in value if isinstance(v, Person))
    return out


def test_acceptance_notice_content(rendered: Rendered, samples: Samples) -> None:
    doc = samples[DocumentKind.ACCEPTANCE_NOTICE]
    assert isinstance(doc, AcceptanceNotice)
    text = text_of(rendered, DocumentKind.ACCEPTANCE_NOTICE)
    assert "李䶮" in text  # CJK Extension A, from the fallback font
    assert f"“{doc.matter}”" in text and "予以受理" in text
    p = doc.promised_date
    assert f"承诺办结日期为{p.year}年{p.month}月{p.day}日" in text
    for m in doc.materials:
        assert m.name in text and m.note in text
    # How to check progress: the case number, the web address and the phone.
    assert f"凭受理编号{doc.case_number}登录{doc.issuer.progress_url}" in text
    assert doc.issuer.phone in text


def test_supplement_notice_lists_everything_missing_at_once(
    rendered: Rendered, samples: Samples
) -> None:
    doc = samples[DocumentKind.SUPPLEMENT_NOTICE]
    text = text_of(rendered, DocumentKind.SUPPLEMENT_NOTICE)
    assert "补正材料通知书" in text and "一次性告知" in text and "需要补正的材料" in text
    for m in doc.missing:  # type: ignore[union-attr]
        assert m.name in text and m.note in text
    for m in doc.received:  # type: ignore[union-attr]
        assert m.name in text
    due = doc.supply_by  # type: ignore[union-attr]
    assert f"请于{due.year}年{due.month}月{due.day}日前一次性补正" in text


def test_refusal_notice_gives_the_reason_and_the_remedy(
    rendered: Rendered, samples: Samples
) -> None:
    doc = samples[DocumentKind.REFUSAL_NOTICE]
    text = text_of(rendered, DocumentKind.REFUSAL_NOTICE)
    assert "决定不予受理" in text
    assert flat(doc.reason) in text  # type: ignore[union-attr]
    assert doc.legal_basis in text  # type: ignore[union-attr]
    assert "行政复议" in text and "行政诉讼" in text


def test_deferred_materials_notice_says_what_is_owed_by_when(
    rendered: Rendered, samples: Samples
) -> None:
    doc = samples[DocumentKind.DEFERRED_MATERIALS_NOTICE]
    assert isinstance(doc, DeferredMaterialsNotice)
    text = text_of(rendered, DocumentKind.DEFERRED_MATERIALS_NOTICE)
    assert "容缺受理" in text
    o = doc.owed_by
    assert f"请于{o.year}年{o.month}月{o.day}日前补交下列材料" in text
    assert f"补交期限{o.year}年{o.month}月{o.day}日" in text
    for m in doc.owed:
        assert m.name in text and m.note in text
    assert "申请人（承诺并签收）" in text


def test_residence_slip_content(rendered: Rendered, samples: Samples) -> None:
    doc = samples[DocumentKind.RESIDENCE_REGISTRATION_SLIP]
    assert isinstance(doc, ResidenceRegistrationSlip)
    text = text_of(rendered, DocumentKind.RESIDENCE_REGISTRATION_SLIP)
    assert "吉𠮷祥" in text  # CJK Extension B (a supplementary-plane character) extracts too
    assert flat(doc.address) in text and doc.house_code in text
    for p in doc.residents:
        assert p.name in text and p.masked_id in text


def test_rental_filing_certificate_content(rendered: Rendered, samples: Samples) -> None:
    doc = samples[DocumentKind.RENTAL_FILING_CERTIFICATE]
    text = text_of(rendered, DocumentKind.RENTAL_FILING_CERTIFICATE)
    assert "房屋租赁登记备案凭证" in text
    assert "示例区住房和建设局房屋租赁管理所" in text  # the issuing unit, not the hall
    assert "出租人王建国" in text and "承租人吉𠮷祥" in text
    assert "月租金3,500.00元" in text and "68.50平方米" in text and "住宅" in text
    assert doc.house_code in text  # type: ignore[union-attr]


def test_birth_registration_slip_content(rendered: Rendered, samples: Samples) -> None:
    text = text_of(rendered, DocumentKind.BIRTH_REGISTRATION_SLIP)
    assert "生育登记服务单" in text and "女方张晓芳" in text and "男方陈思远" in text
    assert "第一个子女" in text


def test_rental_tax_receipt_is_itemised_and_names_its_rule_set(
    rendered: Rendered, samples: Samples
) -> None:
    doc = samples[DocumentKind.RENTAL_TAX_RECEIPT]
    assert isinstance(doc, RentalTaxReceipt)
    text = text_of(rendered, DocumentKind.RENTAL_TAX_RECEIPT)
    assert f"适用规则{flat(doc.rule_set)}" in text
    assert f"本凭证按“{flat(doc.rule_set)}”计算" in text
    assert "房产税21,000.000.8%168.00" in text
    assert "个人所得税21,000.001.2%252.00" in text
    assert "合计525.00" in text
    assert "人民币伍佰贰拾伍元整" in text and "¥525.00" in text
    assert "租金收入21,000.00元" in text


def test_queue_ticket_is_80_mm_wide_and_shows_number_queue_and_time(
    rendered: Rendered, samples: Samples
) -> None:
    doc = samples[DocumentKind.QUEUE_TICKET]
    assert isinstance(doc, QueueTicket)
    result, _ = rendered[DocumentKind.QUEUE_TICKET]
    assert result.verification_code is None
    page = PdfReader(io.BytesIO(result.pdf)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(80 / 25.4 * 72, abs=0.1)
    assert float(page.mediabox.height) < 842 / 2
    text = text_of(rendered, DocumentKind.QUEUE_TICKET)
    assert doc.number in text and doc.issuer.name in text and flat(doc.queue_name) in text
    assert f"您前面还有{doc.waiting_ahead}人等候" in text
    assert f"取号时间：{doc.taken_at:%Y-%m-%d%H:%M}" in text
    for matter in doc.matters:
        assert matter in text


# ---- fonts in the file ---------------------------------------------------------------------


def test_fonts_are_embedded_subsets_and_nothing_else(rendered: Rendered) -> None:
    exe = need("pdffonts")
    for kind, (_, path) in rendered.items():
        rows = subprocess.run(
            [exe, str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert rows, kind
        for row in rows:
            cols = row.split()
            # name type encoding emb sub uni: every font embedded, subset, with a ToUnicode map.
            assert cols[0][6] == "+", row
            assert cols[-5:-2] == ["yes", "yes", "yes"], row


def test_rare_characters_come_from_a_fallback_font(rendered: Rendered) -> None:
    exe = need("pdffonts")
    _, path = rendered[DocumentKind.RESIDENCE_REGISTRATION_SLIP]
    names = subprocess.run([exe, str(path)], capture_output=True, text=True, check=True).stdout
    assert "UMing" in names and "ZenHei" in names
    assert "HanaMin" in names  # 𠮷 is in neither UMing nor Zen Hei


def test_verification_code_is_also_in_the_metadata(rendered: Rendered) -> None:
    for kind, (result, _) in rendered.items():
        assert code_from_pdf_metadata(result.pdf) == result.verification_code, kind


# ---- bad input -----------------------------------------------------------------------------


def test_missing_required_field_is_an_error_before_anything_renders(
    samples: Samples, signer: DocumentSigner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import printing.render as render_module

    def boom(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("layout started for an invalid document")

    monkeypatch.setattr(render_module, "build_a4", boom)
    doc = samples[DocumentKind.ACCEPTANCE_NOTICE]
    assert isinstance(doc, AcceptanceNotice)
    cases: list[tuple[Document, str]] = [
        (replace(doc, applicant=replace(doc.applicant, name="  ")), "applicant.name"),
        (replace(doc, applicant=replace(doc.applicant, id_number="")), "applicant.id_number"),
        (replace(doc, case_number=""), "case_number"),
        (replace(doc, number=""), "number"),
        (replace(doc, matter=""), "matter"),
        (replace(doc, materials=()), "materials"),
        (replace(doc, materials=(Material(name=""),)), "materials[0].name"),
        (replace(doc, issuer=Issuer(name="")), "issuer.name"),
        (replace(doc, promised_date=None), "promised_date"),  # type: ignore[arg-type]
        (replace(doc, issuer=Issuer(name="某中心")), "issuer.progress_url"),
    ]
    for bad, field in cases:
        with pytest.raises(DocumentDataError) as info:
            render(bad, signer)
        assert info.value.field == field
        assert field in str(info.value) and info.value.message_zh
        assert info.value.code in ("print.missing_field", "print.invalid_field")


def test_inconsistent_data_is_refused(samples: Samples) -> None:
    deferred = samples[DocumentKind.DEFERRED_MATERIALS_NOTICE]
    assert isinstance(deferred, DeferredMaterialsNotice)
    late = replace(deferred, owed_by=deferred.promised_date + timedelta(days=1))
    with pytest.raises(DocumentDataError) as info:
        validate(late)
    assert info.value.field == "owed_by" and info.value.code == "print.invalid_field"
    receipt = samples[DocumentKind.RENTAL_TAX_RECEIPT]
    assert isinstance(receipt, RentalTaxReceipt)
    line = replace(receipt.lines[0], amount=Decimal("168.001"))
    with pytest.raises(DocumentDataError) as info:
        validate(replace(receipt, lines=(line, *receipt.lines[1:])))
    assert info.value.field == "lines[0].amount"
    slip = samples[DocumentKind.RESIDENCE_REGISTRATION_SLIP]
    assert isinstance(slip, ResidenceRegistrationSlip)
    with pytest.raises(DocumentDataError) as info:
        validate(replace(slip, residents=slip.residents * 2))
    assert info.value.field == "residents"


def test_a_signed_kind_needs_a_signer(samples: Samples) -> None:
    with pytest.raises(DocumentDataError) as info:
        render(samples[DocumentKind.RENTAL_FILING_CERTIFICATE])
    assert info.value.code == "print.signer_required"
    # The queue ticket carries no code and needs none.
    assert render(samples[DocumentKind.QUEUE_TICKET]).pdf.startswith(b"%PDF")


def test_an_over_long_address_wraps_inside_the_page(
    samples: Samples, signer: DocumentSigner, tmp_path: Path
) -> None:
    doc = samples[DocumentKind.RESIDENCE_REGISTRATION_SLIP]
    assert isinstance(doc, ResidenceRegistrationSlip)
    address = (
        "广东省示例市示例区示例街道幸福社区人民路与建设大道交叉口东北角阳光花园三期"
        "（原红星工业区宿舍改造项目）3栋2单元1502室北侧次卧，"
        "LongBuildingNameWithoutAnySpacesAtAllForWrappingTest-0123456789-ABCDEFGHIJ"
        "再加上一段很长很长的补充说明文字以确保地址超过三行"
    )
    path = tmp_path / "slip.pdf"
    path.write_bytes(render(replace(doc, address=address), signer).pdf)
    assert flat(address) in flat(pdf_text(path.read_bytes()))
    width, _, words = pdf_words(path)
    # The address's words: every one inside the text frame (no overflow into the margin).
    mine = [w for w in words if w.text and flat(w.text) in flat(address)]
    assert "".join(w.text for w in mine).count("阳光花园") == 1
    right_edge = width - MARGIN_X + 0.5
    over = [w for w in mine if w.x_max > right_edge or w.x_min < MARGIN_X - 0.5]
    assert not over, over[:3]
    assert len({round(w.y_min) for w in mine}) >= 3  # it wrapped onto several lines


def test_a_very_long_list_flows_onto_further_pages(
    samples: Samples, signer: DocumentSigner
) -> None:
    doc = samples[DocumentKind.ACCEPTANCE_NOTICE]
    assert isinstance(doc, AcceptanceNotice)
    many = tuple(Material(name=f"材料{i:02d}", note="复印件1份") for i in range(60))
    pdf = render(replace(doc, materials=many), signer).pdf
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    pages = [flat(page.extract_text() or "") for page in reader.pages]
    for n, text in enumerate(pages, 1):
        # Every page: the hall, the number, the page number; the table's header row repeats.
        assert f"第{n}页" in text and doc.issuer.name in text and doc.number in text
        if "材料30" in text:
            assert "序号材料名称份数及形式" in text
    assert all(f"材料{i:02d}" in "".join(pages) for i in range(60))
    assert "经办人（签名）" in pages[-1]


def test_sample_documents_are_marked_on_every_page(
    samples: Samples, signer: DocumentSigner
) -> None:
    for kind in (DocumentKind.ACCEPTANCE_NOTICE, DocumentKind.RENTAL_TAX_RECEIPT):
        result = render(samples[kind], signer, sample=True)
        text = flat(pdf_text(result.pdf))
        assert "样本SAMPLE" in text and "不具效力" in text
        assert result.claims is not None and result.claims.sample


# ---- amounts in words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("0.50", "伍角整"),
        ("1.05", "壹元零伍分"),
        ("10", "壹拾元整"),
        ("525.00", "伍佰贰拾伍元整"),
        ("1205.50", "壹仟贰佰零伍元伍角整"),
        ("1010", "壹仟零壹拾元整"),
        ("100000", "壹拾万元整"),
        ("100001", "壹拾万零壹元整"),
        ("10001000.01", "壹仟万壹仟元零壹分"),
        ("100010000", "壹亿零壹万元整"),
    ],
)
def test_cn_amount(amount: str, words: str) -> None:
    assert cn_amount(Decimal(amount)) == words


def test_issue_date_is_the_one_given(samples: Samples, signer: DocumentSigner) -> None:
    doc = replace(samples[DocumentKind.BIRTH_REGISTRATION_SLIP], issued_on=date(2027, 2, 3))
    text = flat(pdf_text(render(doc, signer).pdf))
    assert "2027年2月3日" in text


def test_a_booked_queue_ticket_prints_its_slot(samples: Samples) -> None:
    doc = samples[DocumentKind.QUEUE_TICKET]
    assert isinstance(doc, QueueTicket)
    start = doc.taken_at.replace(hour=10, minute=0)
    booked = replace(doc, booked=True, booked_slot=(start, start + timedelta(minutes=30)))
    text = flat(pdf_text(render(booked).pdf))
    assert f"{flat(doc.queue_name)}（预约）" in text
    assert f"预约时段：{start:%Y-%m-%d}10:00至10:30" in text
    assert "预约" not in flat(pdf_text(render(doc).pdf))  # an ordinary ticket has no slot
    with pytest.raises(DocumentDataError) as exc:
        render(replace(booked, booked_slot=(start, start)))
    assert exc.value.code == "print.invalid_field"
