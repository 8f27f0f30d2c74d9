"""CJK TrueType fonts for printed documents: found at run time, embedded as subsets.

reportlab embeds only TrueType-outline fonts (``glyf``), not the CFF-based OpenType fonts most
Linux desktops ship for Chinese (Noto Sans CJK). So a document is set in:

* **body** — a Ming/Song face (宋体 style) for running text: AR PL UMing (Debian
  ``fonts-arphic-uming``) or Windows' SimSun;
* **heading** — a Hei face (黑体 style) for titles and labels: WenQuanYi Zen Hei (Debian
  ``fonts-wqy-zenhei``) or Windows' SimHei;
* **fallbacks** — fonts with the rare characters of CJK Extensions A and B that names contain
  (𠮷, 䶮…): HanaMinA/HanaMinB (Debian ``fonts-hanazono``) or Windows' SimSun-ExtB.

Text is split into runs per character (:meth:`FontSet.runs`): each character goes to the first
font of the chain that has a glyph for it; a character no font has raises
:class:`MissingGlyphError` before anything renders — a name printed with a blank box is worse
than no document. Fallback fonts are loaded only when a character needs them (they are large).

Paths can be configured (:class:`FontConfig`, or ``ONEWINDOW_FONTS``: the files separated by
``os.pathsep``, body first, then heading, then fallbacks; ``path#N`` picks face N of a
``.ttc``). No usable font is a typed :class:`FontError` naming what was searched.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from desktop.domain.errors import CodedError

__all__ = [
    "ENV_FONTS",
    "FontConfig",
    "FontError",
    "FontErrorCode",
    "FontRole",
    "FontSet",
    "FontSpec",
    "MissingGlyphError",
    "default_fonts",
    "load_fonts",
]

log = logging.getLogger(__name__)

ENV_FONTS = "ONEWINDOW_FONTS"


class FontErrorCode(StrEnum):
    NO_FONT = "print.no_cjk_font"
    UNUSABLE_FONT = "print.font_unusable"
    MISSING_GLYPH = "print.missing_glyph"


class FontError(CodedError):
    """No usable CJK TrueType font, or a configured font that cannot be embedded."""

    code: FontErrorCode

    def __init__(self, code: FontErrorCode, message: str, message_zh: str = "") -> None:
        super().__init__(message, message_zh, code=code)


class MissingGlyphError(FontError):
    """A character of the document's text is in none of the fonts."""

    def __init__(self, char: str, text: str, fonts: Sequence[str]) -> None:
        self.char = char
        self.text = text
        where = f"the text {text!r}" if len(text) <= 40 else f"a text of {len(text)} characters"
        super().__init__(
            FontErrorCode.MISSING_GLYPH,
            f"U+{ord(char):04X} ({char!r}) in {where} is in none of the fonts "
            f"({', '.join(fonts)}); install a font with that character (e.g. fonts-hanazono) "
            f"and add it to {ENV_FONTS}.",
            f"字符 {char}（U+{ord(char):04X}）在已安装的字体中均不存在，无法打印。",
        )


class FontRole(StrEnum):
    BODY = "body"
    HEADING = "heading"


@dataclass(frozen=True, slots=True)
class FontSpec:
    """One font file (and face, for a ``.ttc`` collection)."""

    path: Path
    index: int = 0

    @classmethod
    def parse(cls, text: str) -> FontSpec:
        path, sep, index = text.strip().rpartition("#")
        if sep and index.isdigit():
            return cls(Path(path), int(index))
        return cls(Path(text.strip()))

    def __str__(self) -> str:
        return f"{self.path}#{self.index}" if self.index else str(self.path)


_FONT_DIRS = (
    Path("/usr/share/fonts/truetype"),
    Path("/usr/local/share/fonts"),
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
    Path.home() / ".local/share/fonts",
)
# Candidate file names per role, best first (Debian packages, then Windows' own fonts).
_BODY_FILES = ("arphic/uming.ttc", "uming.ttc", "simsun.ttc")
_HEADING_FILES = ("wqy/wqy-zenhei.ttc", "wqy-zenhei.ttc", "simhei.ttf")
_FALLBACK_FILES = (
    "hanazono/HanaMinA.ttf",
    "HanaMinA.ttf",
    "hanazono/HanaMinB.ttf",
    "HanaMinB.ttf",
    "simsunb.ttf",
)


@dataclass(frozen=True, slots=True)
class FontConfig:
    """Which fonts to use; empty fields are searched for in the usual places."""

    body: FontSpec | None = None
    heading: FontSpec | None = None
    fallbacks: tuple[FontSpec, ...] = ()
    search_dirs: tuple[Path, ...] = _FONT_DIRS

    @classmethod
    def from_env(cls, environ: os._Environ[str] | dict[str, str] | None = None) -> FontConfig:
        env = os.environ if environ is None else environ
        raw = env.get(ENV_FONTS, "").strip()
        if not raw:
            return cls()
        specs = [FontSpec.parse(p) for p in raw.split(os.pathsep) if p.strip()]
        return cls(
            body=specs[0],
            heading=specs[1] if len(specs) > 1 else None,
            fallbacks=tuple(specs[2:]),
        )


def _find(names: Sequence[str], dirs: Sequence[Path]) -> list[FontSpec]:
    found: list[FontSpec] = []
    for name in names:
        for d in dirs:
            p = d / name
            if p.is_file() and all(f.path != p for f in found):
                found.append(FontSpec(p))
    return found


def _fix_tounicode() -> None:
    """Make reportlab's ToUnicode CMaps right for characters beyond the BMP.

    reportlab writes ``<%04X>`` for each code point, which for 𠮷 (U+20BB7) is the odd-length
    ``<20BB7>``: text extraction and search then lose the character. A CMap's destination is
    UTF-16BE, so a supplementary character must be written as its surrogate pair
    (``<D842DFB7>``). Applied once, before any document is built.
    """
    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "_onewindow_fixed", False):
        return

    def make_to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
        text: str = original(fontname, [0] * len(subset))
        head, _, tail = text.partition("beginbfchar\n")
        _, _, end = tail.partition("endbfchar")
        lines = [
            f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>" for i, v in enumerate(subset)
        ]
        return head + "beginbfchar\n" + "\n".join(lines) + "\nendbfchar" + end

    make_to_unicode_cmap._onewindow_fixed = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


class _TableSlice:
    """A table of a font file that copies only the bytes sliced out of it."""

    __slots__ = ("_data", "_length", "_start")

    def __init__(self, data: bytes, start: int, length: int) -> None:
        self._data = data
        self._start = start
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, key: slice) -> bytes:
        start, stop, _ = key.indices(self._length)
        return self._data[self._start + start : self._start + stop]


def _zero_copy_glyf(face: object) -> None:
    """Stop reportlab copying the whole ``glyf`` table for every subset it embeds.

    ``makeSubset`` fetches the table with ``get_table("glyf")`` — a slice of the file's bytes,
    18 MB for a full CJK font, copied anew for each subset of each document (two thirds of a
    receipt's rendering time) — and then only slices single glyphs out of it. This instance's
    ``get_table`` hands out a view for ``glyf`` that copies just those glyphs.
    """
    original = getattr(face, "get_table", None)
    data = getattr(face, "_ttf_data", None)
    if original is None or not isinstance(data, bytes):
        return

    def get_table(tag: str) -> object:
        if tag != "glyf":
            return original(tag)
        pos, length = face.get_table_pos(tag)  # type: ignore[attr-defined]
        return _TableSlice(data, pos, length)

    face.get_table = get_table  # type: ignore[attr-defined]


class _LoadedFont:
    """A registered reportlab font and its character map (loaded on first use)."""

    def __init__(self, spec: FontSpec) -> None:
        self.spec = spec
        digest = hashlib.sha1(str(spec).encode()).hexdigest()[:8]
        self.name = f"OW-{spec.path.stem}-{spec.index}-{digest}"
        self._lock = threading.Lock()
        self._cmap: dict[int, int] | None = None
        self._glyph_pos: list[int] = []

    def load(self) -> dict[int, int]:
        with self._lock:
            if self._cmap is None:
                try:
                    font = TTFont(self.name, str(self.spec.path), subfontIndex=self.spec.index)
                except (TTFError, OSError, ValueError) as exc:
                    raise FontError(
                        FontErrorCode.UNUSABLE_FONT,
                        f"The font {self.spec} cannot be embedded ({exc}); use a TrueType-outline "
                        "CJK font (.ttf/.ttc with glyf outlines, not CFF/OpenType .otf).",
                    ) from None
                _zero_copy_glyf(font.face)
                pdfmetrics.registerFont(font)
                self._cmap = font.face.charToGlyph
                self._glyph_pos = font.face.glyphPos
                log.debug(
                    "loaded font %s as %s (%d characters)",
                    self.spec,
                    self.name,
                    len(font.face.charToGlyph),
                )
            return self._cmap

    def has(self, code: int) -> bool:
        """Whether the font draws ``code``: mapped to a glyph that is not .notdef and, unless the
        character is a space, has an outline (some fonts map characters to empty glyphs)."""
        glyph = self.load().get(code, 0)
        if glyph == 0:
            return False
        pos = self._glyph_pos
        return pos[glyph + 1] > pos[glyph] or chr(code).isspace()


@dataclass(frozen=True, slots=True)
class FontSet:
    """The fonts of a document: body and heading chains, each ending with the fallbacks."""

    body: _LoadedFont
    heading: _LoadedFont
    fallbacks: tuple[_LoadedFont, ...]
    _cache: dict[tuple[FontRole, str], str] = field(default_factory=dict, compare=False)

    @property
    def body_name(self) -> str:
        return self.body.name

    @property
    def heading_name(self) -> str:
        return self.heading.name

    def chain(self, role: FontRole) -> tuple[_LoadedFont, ...]:
        first, second = (self.body, self.heading)
        if role is FontRole.HEADING:
            first, second = second, first
        chain = [first]
        if second.spec != first.spec:
            chain.append(second)
        chain.extend(f for f in self.fallbacks if f.spec not in (first.spec, second.spec))
        return tuple(chain)

    def font_for(self, char: str, role: FontRole, text: str = "") -> str:
        """The registered name of the first font in ``role``'s chain with a glyph for ``char``."""
        key = (role, char)
        name = self._cache.get(key)
        if name is not None:
            return name
        code = ord(char)
        chain = self.chain(role)
        for font in chain:
            if font.has(code):
                self._cache[key] = font.name
                return font.name
        raise MissingGlyphError(char, text or char, [str(f.spec) for f in chain])

    def runs(self, text: str, role: FontRole = FontRole.BODY) -> Iterator[tuple[str, str]]:
        """Split ``text`` into ``(font name, run)`` pieces; control characters are dropped."""
        current: str | None = None
        buf: list[str] = []
        for ch in text:
            if ch < " ":
                continue
            name = self.font_for(ch, role, text)
            if name != current and buf:
                assert current is not None
                yield current, "".join(buf)
                buf = []
            current = name
            buf.append(ch)
        if buf and current is not None:
            yield current, "".join(buf)

    def check(self, text: str, role: FontRole = FontRole.BODY) -> None:
        """Raise :class:`MissingGlyphError` if a character of ``text`` is in no font."""
        for ch in text:
            if ch >= " ":
                self.font_for(ch, role, text)

    def string_width(self, text: str, size: float, role: FontRole = FontRole.BODY) -> float:
        return float(
            sum(pdfmetrics.stringWidth(run, name, size) for name, run in self.runs(text, role))
        )


_loaded: dict[FontSpec, _LoadedFont] = {}
_sets: dict[FontConfig, FontSet] = {}
_lock = threading.Lock()


def _loaded_font(spec: FontSpec) -> _LoadedFont:
    font = _loaded.get(spec)
    if font is None:
        font = _loaded[spec] = _LoadedFont(spec)
    return font


def load_fonts(config: FontConfig | None = None) -> FontSet:
    """The font set for ``config`` (default: ``ONEWINDOW_FONTS`` or the usual places), cached.

    The body and heading fonts are loaded here, so a broken configuration fails at once; the
    fallbacks when a character first needs them.
    """
    config = config or FontConfig.from_env()
    with _lock:
        cached = _sets.get(config)
        if cached is not None:
            return cached
        _fix_tounicode()
        body = config.body
        heading = config.heading
        fallbacks = list(config.fallbacks)
        if body is None:
            found = _find(_BODY_FILES, config.search_dirs) or _find(
                _HEADING_FILES, config.search_dirs
            )
            if not found:
                raise FontError(
                    FontErrorCode.NO_FONT,
                    "No CJK TrueType font found (looked for "
                    f"{', '.join(_BODY_FILES + _HEADING_FILES)} in "
                    f"{', '.join(str(d) for d in config.search_dirs)}). Install "
                    "fonts-arphic-uming and fonts-wqy-zenhei (Debian/Ubuntu), or set "
                    f"{ENV_FONTS} to a .ttf/.ttc file.",
                )
            body = found[0]
        if heading is None:
            heading = next(iter(_find(_HEADING_FILES, config.search_dirs)), body)
        if not config.fallbacks:
            fallbacks = _find(_FALLBACK_FILES, config.search_dirs)
        for spec in (body, heading, *fallbacks):
            if not spec.path.is_file():
                raise FontError(
                    FontErrorCode.NO_FONT, f"The configured font {spec} does not exist."
                )
        fonts = FontSet(
            body=_loaded_font(body),
            heading=_loaded_font(heading),
            fallbacks=tuple(_loaded_font(s) for s in fallbacks),
        )
        fonts.body.load()
        fonts.heading.load()
        _sets[config] = fonts
        return fonts


def default_fonts() -> FontSet:
    """The fonts of this station (see :func:`load_fonts`)."""
    return load_fonts(None)
