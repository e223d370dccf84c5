#!/usr/bin/env python3
"""Builds assets/fonts/HuiqiRareHan-Regular.ttf, the dossier's last-resort face for
CJK Extension B ideographs that neither Noto Serif SC nor LXGW WenKai draws.

Why this subset: firm names are registered in 规范汉字, and every non-BMP character of
the 通用规范汉字表 (Unihan kTGH) is already in both bundled faces. What remains are
rarer Extension B characters that still occur in modern print, above all in personal
and place names (a 法定代表人, a 村 in an address). We take those whose Chinese (G)
source in Unihan's kIRG_GSource is a modern-usage source - 汉语大词典 (GHC), 辞海 (GCH),
中国大百科全书 (GBK), 辞源 (GCY), the Founder/方正 press set (GFZ, GGFZ), general-use
and science-term submissions (GU, GKJ), and the rest of the small modern sets - and
leave out the historical dictionaries (康熙字典 GKX, 汉语大字典 GHZ, 四库全书 G4K), which
alone would add about 20 MB. The kTGH Extension B characters are added as well.

Glyphs come from HanaMinB (GlyphWiki, Debian package fonts-hanazono), dual-licensed
under the Hanazono Font License and SIL OFL 1.1. We use it under the Hanazono Font
License, which permits modification; the subset is still renamed so that it is never
mistaken for the original.

Usage (Debian 12):
    apt-get download fonts-hanazono unicode-data
    dpkg-deb -x fonts-hanazono_*.deb x && dpkg-deb -x unicode-data_*.deb x
    pip install fonttools
    python3 scripts/dev/make_rare_han_font.py x
"""
import bz2
import hashlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

EXT_B = range(0x20000, 0x2A6E0)
MODERN_G_SOURCES = {"GHC", "GCH", "GBK", "GCY", "GFZ", "GGFZ", "GU", "GKJ", "GHF", "G3", "GHZR"}
FAMILY = "Huiqi Rare Han"
PS_NAME = "HuiqiRareHan-Regular"


def unihan_fields(unicode_dir: Path, file: str, field: str):
    with bz2.open(unicode_dir / file, "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1] == field:
                yield int(parts[0][2:], 16), parts[2]


def wanted_code_points(unicode_dir: Path) -> list[int]:
    modern = {
        cp
        for cp, value in unihan_fields(unicode_dir, "Unihan_IRGSources.txt.bz2", "kIRG_GSource")
        if cp in EXT_B and value.split("-")[0] in MODERN_G_SOURCES
    }
    standard = {
        cp
        for cp, _ in unihan_fields(unicode_dir, "Unihan_OtherMappings.txt.bz2", "kTGH")
        if cp in EXT_B
    }
    return sorted(modern | standard)


def rename(font: TTFont) -> None:
    names = {1: FAMILY, 2: "Regular", 3: PS_NAME, 4: f"{FAMILY} Regular", 6: PS_NAME}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17):
            table.removeNames(nameID=record.nameID)
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)
    table.setName(
        "Subset of HanaMinB (GlyphWiki Project, Hanazono Font License) for Huiqi",
        5, 3, 1, 0x409,
    )


def main(root: str) -> None:
    root_dir = Path(root)
    source = root_dir / "usr/share/fonts/truetype/hanazono/HanaMinB.ttf"
    unicode_dir = root_dir / "usr/share/unicode"
    code_points = wanted_code_points(unicode_dir)
    font = TTFont(source)
    cmap = font.getBestCmap()
    present = [cp for cp in code_points if cp in cmap]
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=present)
    subsetter.subset(font)
    rename(font)
    out = Path(__file__).resolve().parents[2] / "assets/fonts" / f"{PS_NAME}.ttf"
    font.save(out)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    print(f"{len(present)} of {len(code_points)} wanted characters, {out.stat().st_size} bytes")
    print(f"{digest}  {out.name}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "x")
