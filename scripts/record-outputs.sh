#!/usr/bin/env bash
# Records what the engine decides, to check that a change to it changes no result: for every
# example firm in docs/examples/ `huiqi assess --json` and `huiqi questions` (each on the
# firm's own `# as_of:` date), and `huiqi batch` over generated firms (the same generator as
# engine-bench: same seed, same columns, so the same CSV for the same count).
#
#   scripts/record-outputs.sh DIR [HUIQI] [FIRMS]   # HUIQI: target/release/huiqi; FIRMS: 3000
#   scripts/record-outputs.sh /tmp/before && (change, build) && \
#   scripts/record-outputs.sh /tmp/after && diff -r /tmp/before /tmp/after
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$1"
huiqi="$(realpath "${2:-target/release/huiqi}")"
firms="${3:-3000}"
mkdir -p "$dir"
for f in docs/examples/*.toml; do
  name="$(basename "$f" .toml)"
  as_of="$(sed -n 's/^# as_of: *//p' "$f" | head -1)"
  args=()
  if [ -n "$as_of" ]; then args=(--as-of "$as_of"); fi
  "$huiqi" assess --json "${args[@]}" --firm "$f" >"$dir/$name.assess.json"
  "$huiqi" questions "${args[@]}" --firm "$f" >"$dir/$name.questions.txt"
done
python3 - "$firms" >"$dir/firms.csv" <<'PY'
import sys
# engine-bench's generated_firms: xorshift from the same seed, picks in the same order.
M = (1 << 64) - 1
s = 0x2545F4914F6CDD1D
def nxt():
    global s
    s ^= (s << 13) & M
    s ^= s >> 7
    s ^= (s << 17) & M
    return s
def pick(xs):
    return xs[nxt() % len(xs)]
regions = ["370103", "370112", "370102", "370211", "370202", "110108", "120110", "130902",
           "420202", "130100", "370700"]
industries = ["C34", "C26", "C39", "I65", "G54", "C", "R88", "C13"]
yes_no = ["是", "否", "不清楚"]
levels = ["none", "city", "province", "little_giant"]
print("name,firm.region,firm.industry,firm.is_industrial,firm.above_scale,"
      "firm.revenue_last_year,firm.revenue_prev_year,firm.employees,firm.high_tech,"
      "firm.specialized_sme,firm.tax_local,firm.good_credit")
for n in range(int(sys.argv[1])):
    rev, prev = nxt() % 500000, nxt() % 500000
    r, i, a, b = pick(regions), pick(industries), pick(yes_no), pick(yes_no)
    e = nxt() % 5000
    h, l, t, g = pick(yes_no), pick(levels), pick(yes_no), pick(yes_no)
    print(f"企业{n:06},{r},{i},{a},{b},{rev}万元,{prev}万元,{e},{h},{l},{t},{g}")
PY
# From inside DIR, so that the source column (file:line) is the same in every recording.
(cd "$dir" && "$huiqi" batch --as-of 2026-11-30 --firms firms.csv --out batch.csv 2>/dev/null)
echo "recorded in $dir"
