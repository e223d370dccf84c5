#!/usr/bin/env python3
"""Cleans a seed policy text for assets/sources/: removes conversion debris and re-joins
paragraphs split at page breaks. Usage:
    clean_source.py SEED FIRST_LINE LAST_LINE OUT   (1-based, inclusive line range of one document)
Review the output by eye: the join rule is a heuristic (a long line that does not end a
sentence continues on the next non-blank line unless that line starts a heading)."""
import re
import sys

HEADING = re.compile(r"^\s*(\*\*)?([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(?[0-9]+[\.．、)）]|（[0-9]+）|第[一二三四五六七八九十]+条)")
ENDS = tuple("。！？；：”’）)」』》")


def clean(lines):
    lines = [re.sub(r"\[bookmark: [^\]]*\]", "", l).rstrip() for l in lines]
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
        if prev_idx >= 0:
            prev = out[prev_idx]
            if len(prev) >= 30 and not prev.endswith(ENDS) and not HEADING.match(line):
                out[prev_idx] = prev + line.strip()
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
