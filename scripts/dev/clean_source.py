#!/usr/bin/env python3
"""Cleans a seed policy text for assets/sources/ (or a pack's sources/): removes conversion
debris and page numbers, re-joins paragraphs split at page breaks, and drops passages
printed twice. Usage:
    clean_source.py SEED FIRST_LINE LAST_LINE OUT   (1-based, inclusive line range of one document)
Review the output by eye: the join rule is a heuristic (a long line that does not end a
sentence continues on the next non-blank line unless that line starts a heading or a note
such as 说明：, and never onto a heading that is only a title). Tests: test_clean_source.py,
run by scripts/test.sh."""
import re
import sys

HEADING = re.compile(r"^\s*(\*\*)?([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(?[0-9]+[\.．、)）]|（[0-9]+）|第[一二三四五六七八九十]+条)")
ENDS = tuple("。！？；：”’）)」』》")
# A note that starts its own paragraph, never the rest of the line before it.
NOTE = re.compile(r"^\s*(\*\*)?(说明|注|备注|附注)\s*[0-9一二三四五六七八九十]*\s*[：:]")
# Page numbers as printed: "- 3 -", "— 12 —", "－3－", "第 3 页", "第3页 共10页", "3/10", "3".
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-－—–]\s*\d{1,3}\s*[-－—–]|第\s*\d{1,3}\s*页(?:\s*[，,]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})\s*$"
)
# A repeated paragraph shorter than this may be legitimately repeated (a heading such as 附件).
REPEAT_MIN = 20


def is_title_heading(line):
    """A heading that is only a title (一、总体要求), with no sentence after it."""
    return bool(HEADING.match(line)) and not any(c in line for c in "。；：")


def joins(prev, line):
    """Whether `line` continues the paragraph `prev`, cut at a page break."""
    return (
        len(prev) >= 30
        and not prev.endswith(ENDS)
        and not HEADING.match(line)
        and not NOTE.match(line)
        and not is_title_heading(prev)
    )


def drop_repeats(lines):
    """Drops paragraphs printed twice (a page's last lines printed again, a passage repeated):
    a paragraph identical to an earlier one, when long enough to be text rather than a title.
    Blank lines stay as they were, without two in a row."""
    seen = set()
    out = []
    for line in lines:
        key = re.sub(r"\s+", "", line)
        if len(key) >= REPEAT_MIN and key in seen:
            continue
        seen.add(key)
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return out


def clean(lines):
    lines = [re.sub(r"\[bookmark: [^\]]*\]", "", l).rstrip() for l in lines]
    lines = ["" if PAGE_NUMBER.match(l) else l for l in lines]
    out = []
    for line in lines:
        if not line.strip():
            if out and out[-1] != "":
                out.append("")
            continue
        # Join onto the previous paragraph when it was cut mid-sentence.
        prev_idx = len(out) - 1
        while prev_idx >= 0 and out[prev_idx] == "":
            prev_idx -= 1
        if prev_idx >= 0 and joins(out[prev_idx], line):
            out[prev_idx] = out[prev_idx] + line.strip()
            del out[prev_idx + 1:]
            continue
        out.append(line)
    out = drop_repeats(out)
    while out and out[-1] == "":
        out.pop()
    while out and out[0] == "":
        out.pop(0)
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    seed, first, last, dest = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    with open(seed, encoding="utf-8") as f:
        lines = f.read().split("\n")[first - 1:last]
    with open(dest, "w", encoding="utf-8") as f:
        f.write(clean(lines))
