"""WLT photo decoding through a vendor library: the ctypes plumbing against real compiled C.

No vendor library is available here, so the tests compile stand-ins with the libwlt signature
``int unpack(char *src, char *dst, int bmpSave)``: one that writes a 102×126 24-bit BMP (a
gradient whose blue channel echoes the first WLT byte, proving the input got through), one that
fails, one that "succeeds" without writing an image, and one without the symbol.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from devices.idcard.document import CardType, Finding, IdentityDocument
from devices.idcard.errors import CardErrorCode, CardReadError
from devices.idcard.photo import (
    BMP_SIZE,
    PHOTO_HEIGHT,
    PHOTO_WIDTH,
    WLT_SIZE,
    PhotoDecoder,
    VendorLibraryDecoder,
    decode_photo_or_none,
    load_photo_decoder,
)
from devices.idcard.textblock import build_text_block, parse_text_block

GOOD_C = r"""
#include <string.h>

static void put32(unsigned char *p, unsigned int v) {
    p[0] = v & 255; p[1] = (v >> 8) & 255; p[2] = (v >> 16) & 255; p[3] = (v >> 24) & 255;
}

int unpack(char *src, char *dst, int bmpSave) {
    unsigned char *out = (unsigned char *)dst;
    const int w = 102, h = 126, row = 308;
    int x, y;
    if (bmpSave != 0) return -1;            /* the decoder must never ask for a file on disk */
    if ((unsigned char)src[1023] != 0xA5) return 0;  /* all 1024 bytes must arrive */
    memset(out, 0, 54 + row * h);
    out[0] = 'B'; out[1] = 'M';
    put32(out + 2, 54 + row * h);
    put32(out + 10, 54);
    put32(out + 14, 40);
    put32(out + 18, w);
    put32(out + 22, h);
    out[26] = 1; out[28] = 24;
    put32(out + 34, row * h);
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
            unsigned char *px = out + 54 + y * row + 3 * x;
            px[0] = (unsigned char)src[0];
            px[1] = (unsigned char)(2 * y);
            px[2] = (unsigned char)(2 * x);
        }
    return 1;
}
"""

FAILING_C = "int unpack(char *src, char *dst, int bmpSave) { return 0; }\n"
SILENT_C = "int unpack(char *src, char *dst, int bmpSave) { return 1; }\n"
OTHER_SYMBOL_C = "int GetBmp(char *src, int mode) { return 1; }\n"


@pytest.fixture(scope="module")
def compile_library(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Path]:
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc is not installed: cannot build a stand-in WLT library")
    folder = tmp_path_factory.mktemp("wlt")

    def build(name: str, source: str) -> Path:
        c_file = folder / f"{name}.c"
        c_file.write_text(source, encoding="utf-8")
        library = folder / f"lib{name}.so"
        subprocess.run(
            [gcc, "-shared", "-fPIC", "-O1", "-o", str(library), str(c_file)],
            check=True,
            capture_output=True,
        )
        return library

    return build


def _wlt(first: int = 0x42) -> bytes:
    return bytes([first]) + bytes(1022) + b"\xa5"


def _not_decodable(call: Callable[[], object]) -> CardReadError:
    with pytest.raises(CardReadError) as info:
        call()
    assert info.value.code is CardErrorCode.PHOTO_NOT_DECODABLE
    assert str(info.value).startswith("photo not decodable here: ")
    return info.value


def test_bmp_size_is_the_padded_102_by_126_image() -> None:
    assert BMP_SIZE == 38862 == 54 + 126 * 308


def test_a_real_library_decodes(compile_library: Callable[[str, str], Path]) -> None:
    decoder = VendorLibraryDecoder(compile_library("wltgood", GOOD_C))
    assert isinstance(decoder, PhotoDecoder)
    bmp = decoder.decode(_wlt(0x42))
    assert len(bmp) == BMP_SIZE
    assert bmp[:2] == b"BM"
    assert int.from_bytes(bmp[2:6], "little") == BMP_SIZE
    assert int.from_bytes(bmp[10:14], "little") == 54
    assert int.from_bytes(bmp[18:22], "little") == PHOTO_WIDTH
    assert int.from_bytes(bmp[22:26], "little") == PHOTO_HEIGHT
    assert int.from_bytes(bmp[28:30], "little") == 24
    row = 308
    for x, y in [(0, 0), (101, 0), (50, 60), (101, 125)]:
        pixel = bmp[54 + y * row + 3 * x : 54 + y * row + 3 * x + 3]
        assert pixel == bytes([0x42, 2 * y, 2 * x])
    assert decoder.decode(_wlt(0x07))[54] == 0x07  # each call gets its own input
    assert decoder(_wlt()) == bmp  # as the backends' photo_decoder callable
    assert decoder(b"short") is None
    assert "wltgood" in repr(decoder)


def test_library_reporting_failure(compile_library: Callable[[str, str], Path]) -> None:
    decoder = VendorLibraryDecoder(compile_library("wltfail", FAILING_C))
    err = _not_decodable(lambda: decoder.decode(_wlt()))
    assert "returned 0" in str(err)


def test_library_writing_no_image(compile_library: Callable[[str, str], Path]) -> None:
    decoder = VendorLibraryDecoder(compile_library("wltsilent", SILENT_C))
    err = _not_decodable(lambda: decoder.decode(_wlt()))
    assert "BMP" in str(err)


def test_library_without_the_symbol(compile_library: Callable[[str, str], Path]) -> None:
    library = compile_library("wltother", OTHER_SYMBOL_C)
    err = _not_decodable(lambda: VendorLibraryDecoder(library))
    assert "'unpack'" in str(err)


def test_the_symbol_is_configurable(compile_library: Callable[[str, str], Path]) -> None:
    source = GOOD_C.replace("int unpack(", "int vendor_unpack(")
    decoder = VendorLibraryDecoder(compile_library("wltrenamed", source), "vendor_unpack")
    assert decoder.decode(_wlt())[:2] == b"BM"


def test_success_value_and_bmp_save_are_configurable(
    compile_library: Callable[[str, str], Path],
) -> None:
    library = compile_library("wltgood2", GOOD_C)
    # Our stand-in refuses bmpSave != 0 by returning -1: configure that as "success".
    decoder = VendorLibraryDecoder(library, bmp_save=1, success=-1)
    _not_decodable(lambda: decoder.decode(_wlt()))  # "succeeded" without an image


def test_a_wrong_sized_photo_never_reaches_the_library(
    compile_library: Callable[[str, str], Path],
) -> None:
    decoder = VendorLibraryDecoder(compile_library("wltgood3", GOOD_C))
    for wlt in (b"", b"\xa5" * 1023, _wlt() + b"\x00"):
        err = _not_decodable(lambda wlt=wlt: decoder.decode(wlt))  # type: ignore[misc]
        assert str(WLT_SIZE) in str(err)


def test_missing_library(tmp_path: Path) -> None:
    err = _not_decodable(lambda: VendorLibraryDecoder(tmp_path / "nowhere" / "libwlt.so"))
    assert "libwlt.so" in str(err)
    _not_decodable(lambda: VendorLibraryDecoder("libonewindow-no-such-wlt.so"))
    _not_decodable(lambda: load_photo_decoder(str(tmp_path / "libwlt.so")))


def test_a_file_that_is_not_a_library(tmp_path: Path) -> None:
    fake = tmp_path / "libwlt.so"
    fake.write_text("not an ELF file", encoding="utf-8")
    err = _not_decodable(lambda: VendorLibraryDecoder(fake))
    assert "cannot load" in str(err)


def test_load_photo_decoder(compile_library: Callable[[str, str], Path]) -> None:
    assert load_photo_decoder(None) is None
    assert load_photo_decoder("") is None
    assert load_photo_decoder("   ") is None
    decoder = load_photo_decoder(str(compile_library("wltgood4", GOOD_C)))
    assert isinstance(decoder, VendorLibraryDecoder)
    assert decoder.decode(_wlt())[:2] == b"BM"


class _Raising:
    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def decode(self, wlt: bytes) -> bytes:
        raise self.exc


def test_decode_photo_or_none(
    compile_library: Callable[[str, str], Path], caplog: pytest.LogCaptureFixture
) -> None:
    good = VendorLibraryDecoder(compile_library("wltgood5", GOOD_C))
    failing = VendorLibraryDecoder(compile_library("wltfail2", FAILING_C))
    caplog.set_level(logging.DEBUG, logger="devices.idcard.photo")

    bmp = decode_photo_or_none(good, _wlt())
    assert bmp is not None and bmp[:2] == b"BM"

    assert decode_photo_or_none(None, _wlt()) is None
    assert "no photo decoder configured" in caplog.text
    assert decode_photo_or_none(good, b"") is None

    caplog.clear()
    assert decode_photo_or_none(failing, _wlt()) is None
    assert "photo not decodable here: unpack() returned 0" in caplog.text

    caplog.clear()
    assert decode_photo_or_none(_Raising(RuntimeError("vendor bug")), _wlt()) is None
    assert "vendor bug" in caplog.text
    assert all(r.levelno == logging.WARNING for r in caplog.records)


def test_the_document_says_whether_a_photo_was_decoded(
    compile_library: Callable[[str, str], Path],
) -> None:
    card = IdentityDocument(
        card_type=CardType.RESIDENT,
        name="张三",
        sex="2",
        birth_date=date(1949, 12, 31),
        id_number="11010519491231002X",
        valid_from=date(2010, 1, 5),
        valid_to=None,
        ethnicity="01",
    )
    block = build_text_block(card)
    good = VendorLibraryDecoder(compile_library("wltgood6", GOOD_C))
    wlt = _wlt()
    today = date(2025, 6, 15)
    with_photo = parse_text_block(
        block, photo=wlt, photo_bmp=decode_photo_or_none(good, wlt), today=today
    )
    assert with_photo.photo_bmp is not None and with_photo.raw_photo == wlt
    assert Finding.PHOTO_NOT_DECODABLE not in with_photo.findings(today)
    without = parse_text_block(
        block, photo=wlt, photo_bmp=decode_photo_or_none(None, wlt), today=today
    )
    assert without.findings(today) == (Finding.PHOTO_NOT_DECODABLE,)
