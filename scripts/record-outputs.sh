#!/usr/bin/env bash
# Records what the engine decides, to check that a change to it changes no result: for every
# example firm in docs/examples/ `huiqi assess --json` and `huiqi questions` (each on the
# firm's own `# as_of:` date), and `huiqi batch` over generated firms (engine-bench's own
# generator, `engine-bench --firms N`: the same CSV for the same count; build engine-bench
# beside the huiqi binary, e.g. `cargo build --release -p huiqi-engine -p huiqi-cli --bins`).
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
"$(dirname "$huiqi")/engine-bench" --firms "$firms" >"$dir/firms.csv"
# From inside DIR, so that the source column (file:line) is the same in every recording.
(cd "$dir" && "$huiqi" batch --as-of 2026-11-30 --firms firms.csv --out batch.csv 2>/dev/null)
echo "recorded in $dir"
