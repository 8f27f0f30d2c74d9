"""Fonts: TrueType CJK fonts found and embedded, rare characters by fallback, missing ones loud."""

from __future__ import annotations

from pathlib import Path

import pytest
from print_helpers import flat, pdf_text

from printing.fonts import (
    ENV_FONTS,
    FontConfig,
    FontError,
    FontErrorCode,
    FontRole,
    FontSpec,
    MissingGlyphError,
    default_fonts,
    load_fonts,
)
from printing.model import DocumentKind, ResidenceRegistrationSlip
from printing.render import render
from printing.verification import DocumentSigner


def test_default_fonts_are_truetype_cjk_with_fallbacks() -> None:
    fonts = default_fonts()
    assert fonts.body.spec.path.suffix in (".ttf", ".ttc")
    assert fonts.fallbacks, "install fonts-hanazono (rare characters)"
    # Common characters come from the body font, rare ones from a fallback.
    body = fonts.body_name
    assert fonts.font_for("张", FontRole.BODY) == body
    assert fonts.font_for("A", FontRole.BODY) == body
    # Which font each rare character comes from: 䶮 (CJK Extension A) is in the body font
    # (UMing, SimSun); 𠮷 and 𪚥 (Extension B) are not, and come from the first fallback
    # (HanaMinA, or Windows' SimSun-ExtB).
    files = {f.name: f.spec.path.name for f in fonts.chain(FontRole.BODY)}
    assert fonts.font_for("䶮", FontRole.BODY) == body
    for rare in ("𠮷", "𪚥"):
        assert not fonts.body.has(ord(rare))
        assert fonts.font_for(rare, FontRole.BODY) == fonts.fallbacks[0].name
        assert files[fonts.font_for(rare, FontRole.BODY)] in ("HanaMinA.ttf", "simsunb.ttf")
    assert fonts.font_for("张", FontRole.HEADING) == fonts.heading_name


def test_runs_split_at_font_changes() -> None:
    fonts = default_fonts()
    runs = list(fonts.runs("吉𠮷祥 A1"))
    assert "".join(t for _, t in runs) == "吉𠮷祥 A1"
    assert len(runs) == 3 and runs[1][1] == "𠮷"
    assert runs[0][0] == runs[2][0] == fonts.body_name != runs[1][0]


def test_a_character_no_font_has_fails_loudly() -> None:
    fonts = default_fonts()
    # A CJK Extension H character (Unicode 15, newer than the fonts) and a private-use one.
    for char in ("\U00031350", "\U000f0001"):
        with pytest.raises(MissingGlyphError) as info:
            list(fonts.runs(f"李{char}明"))
        assert info.value.code is FontErrorCode.MISSING_GLYPH
        assert f"U+{ord(char):04X}" in str(info.value) and info.value.message_zh


def test_a_missing_glyph_stops_the_document_before_it_renders(
    signer: DocumentSigner, samples: dict[DocumentKind, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    import printing.render as render_module

    def boom(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("layout started")

    monkeypatch.setattr(render_module, "build_a4", boom)
    doc = samples[DocumentKind.RESIDENCE_REGISTRATION_SLIP]
    assert isinstance(doc, ResidenceRegistrationSlip)
    bad = replace(doc, address=doc.address + "\U00031350")
    with pytest.raises(MissingGlyphError):
        render(bad, signer)


def test_rare_names_render_and_extract(
    signer: DocumentSigner, samples: dict[DocumentKind, object]
) -> None:
    from dataclasses import replace

    doc = samples[DocumentKind.RESIDENCE_REGISTRATION_SLIP]
    assert isinstance(doc, ResidenceRegistrationSlip)
    names = ["吉𠮷", "䶮龑", "𪚥之", "𡈼萍"]
    people = tuple(replace(doc.reporter, name=n) for n in names[:3])
    pdf = render(replace(doc, residents=people, reason=names[3]), signer).pdf
    text = flat(pdf_text(pdf))
    for name in names:
        assert name in text


def test_configured_fonts_and_typed_errors(tmp_path: Path) -> None:
    default = default_fonts()
    # A configured body font is used (here: the heading font as body too).
    only = load_fonts(FontConfig(body=default.heading.spec, heading=default.heading.spec))
    assert only.body_name == only.heading_name
    with pytest.raises(FontError) as info:
        load_fonts(FontConfig(body=FontSpec(tmp_path / "nope.ttf")))
    assert info.value.code is FontErrorCode.NO_FONT and "nope.ttf" in str(info.value)
    with pytest.raises(FontError) as info:
        load_fonts(FontConfig(search_dirs=(tmp_path,)))
    assert info.value.code is FontErrorCode.NO_FONT
    assert "fonts-arphic-uming" in str(info.value) and ENV_FONTS in str(info.value)
    not_a_font = tmp_path / "bad.ttf"
    not_a_font.write_bytes(b"\0\1\0\0" + b"garbage" * 20)
    with pytest.raises(FontError) as info:
        load_fonts(FontConfig(body=FontSpec(not_a_font)))
    assert info.value.code is FontErrorCode.UNUSABLE_FONT


def test_cff_opentype_fonts_are_refused_with_a_reason() -> None:
    cff = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    if not cff.is_file():
        pytest.skip("fonts-noto-cjk is not installed")
    with pytest.raises(FontError) as info:
        load_fonts(FontConfig(body=FontSpec(cff)))
    assert info.value.code is FontErrorCode.UNUSABLE_FONT
    assert "glyf" in str(info.value)


def test_font_config_from_environment() -> None:
    env = {ENV_FONTS: "/a/body.ttc#1:/b/head.ttf:/c/rare.ttf"}
    config = FontConfig.from_env(env)
    assert config.body == FontSpec(Path("/a/body.ttc"), 1)
    assert config.heading == FontSpec(Path("/b/head.ttf"))
    assert config.fallbacks == (FontSpec(Path("/c/rare.ttf")),)
    assert FontConfig.from_env({}) == FontConfig()


def test_zero_copy_glyf_embeds_the_same_subset_as_stock_reportlab() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = default_fonts()
    for loaded in (fonts.body, fonts.heading):
        ours = pdfmetrics.getFont(loaded.name).face
        # Not registered: reportlab would alias it to the registered font of the same face.
        stock = TTFont("unregistered", str(loaded.spec.path), subfontIndex=loaded.spec.index).face
        assert not isinstance(ours.get_table("glyf"), bytes)  # a view, not an 18 MB copy
        assert isinstance(stock.get_table("glyf"), bytes)
        text = "受理通知书：张三、李四，材料齐全。ABC 123（盖章）"
        subset = [0, *sorted({ord(c) for c in text})]
        assert ours.makeSubset(subset) == stock.makeSubset(subset)
