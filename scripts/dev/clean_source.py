#!/usr/bin/env python3
"""Cleans a seed policy text for assets/sources/: removes conversion debris (bookmarks,
page numbers, passages printed twice) and re-joins paragraphs split at page breaks.
Usage:
    clean_source.py SEED FIRST_LINE LAST_LINE OUT   (1-based, inclusive line range of one document)
Review the output by eye: the join rule is a heuristic (a long line that does not end a
sentence continues on the next non-blank line unless that line starts a heading or a
labelled note such as 说明：)."""
import re
import sys

HEADING = re.compile(r"^\s*(\*\*)?([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(?[0-9]+[\.．、)）]|（[0-9]+）|第[一二三四五六七八九十]+条)")
# A short label and a colon opens a note of its own: 说明：, 备注：, 注：, 附件：, 专栏1：
LABEL = re.compile(r"^\s*[\u4e00-\u9fff0-9]{1,4}[：:]")
# A line that is only a page number.
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*)?\d{1,3}(?:\s*[-—–－])?\s*$"  # 2, - 2 -, — 12 —
    r"|^\s*第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?\s*$"  # 第3页, 第 3 页 共 9 页
    r"|^\s*\d{1,3}\s*/\s*\d{1,3}\s*$"  # 3/10
)
ENDS = tuple("。！？；：”’）)」』》")
# A repeated run must be at least this many lines to count as printed twice: single lines
# repeat on purpose (two measures with the same 说明).
MIN_REPEAT_LINES = 2


def strip_debris(lines):
    lines = [re.sub(r"\[bookmark: [^\]]*\]", "", l).rstrip() for l in lines]
    return [l for l in lines if not PAGE_NUMBER.match(l)]


def drop_printed_twice(lines):
    """Removes a run of non-blank lines that repeats the run just before it."""
    kept = []  # non-blank lines kept so far, for comparison
    out = []
    i = 0
    while i < len(lines):
        repeat = repeated_run_length(kept, lines, i)
        if repeat:
            i += repeat
            continue
        out.append(lines[i])
        if lines[i].strip():
            kept.append(lines[i].strip())
        i += 1
    return out


def repeated_run_length(kept, lines, i):
    """How many lines from `i` (blank ones included) repeat the last non-blank lines kept;
    0 when fewer than MIN_REPEAT_LINES would match."""
    first = lines[i].strip()
    if not first:
        return 0
    # Longest first, so a whole repeated block goes at once; only runs that start with
    # this line are candidates.
    for k in range(min(len(kept), 200), MIN_REPEAT_LINES - 1, -1):
        if kept[-k] != first:
            continue
        run, j = [], i
        while j < len(lines) and len(run) < k:
            if lines[j].strip():
                run.append(lines[j].strip())
            j += 1
        if len(run) == k and run == kept[-k:]:
            return j - i
    return 0


def joins_previous(prev, line):
    return (
        len(prev) >= 30
        and not prev.endswith(ENDS)
        and not HEADING.match(line)
        and not LABEL.match(line)
    )


def clean(lines):
    out = []
    for line in drop_printed_twice(strip_debris(lines)):
        if not line.strip():
            if out and out[-1] != "":
                out.append("")
            continue
        # Join onto the previous paragraph when it was cut mid-sentence.
        prev_idx = len(out) - 1
        while prev_idx >= 0 and out[prev_idx] == "":
            prev_idx -= 1
        if prev_idx >= 0 and joins_previous(out[prev_idx], line):
            out[prev_idx] = out[prev_idx] + line.strip()
            del out[prev_idx + 1:]
            continue
        out.append(line)
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
