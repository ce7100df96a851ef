#!/usr/bin/env bash
# Time `deploycheck check` against Django's own `manage.py check --deploy` on
# the same projects in one run, and print the speed ratio and peak memory.
#
# Usage: bench/compare.sh [RUNS] [CASE_DIR...]
#   RUNS      runs per tool and project (default 10)
#   CASE_DIR  oracle-corpus-style cases (proj/, env, case.json); default: a
#             sample of testdata/corpus/django-oracle plus examples/bakery
# Needs Django from scripts/oracle-deps (DEPLOYCHECK_DJANGO_PYTHONPATH).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
runs=${1:-10}
shift || true

if [ -z "${DEPLOYCHECK_DJANGO_PYTHONPATH:-}" ]; then
  bash scripts/oracle-deps >/dev/null
  # shellcheck disable=SC1091
  . .cache/deps/env.sh
fi
py=${PYTHON:-python3}
bin=$(mktemp -d)/deploycheck
CGO_ENABLED=0 go build -o "$bin" ./cmd/deploycheck

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  mapfile -t cases < <(ls -d testdata/corpus/django-oracle/s-* 2>/dev/null | awk 'NR % 20 == 1')
fi


# measure CMD...: prints "mean_us peak_kb" over $runs runs. Wall time comes
# from bash's own clock around the command alone (no extra processes are
# timed); peak RSS from one extra run under GNU time.
measure() {
  local total=0 peak t0 t1 out
  for _ in $(seq "$runs"); do
    t0=$EPOCHREALTIME
    "$@" >/dev/null 2>&1 || true
    t1=$EPOCHREALTIME
    total=$((total + (${t1/./} - ${t0/./})))
  done
  out=$(mktemp)
  /usr/bin/time -f '%M' -o "$out" "$@" >/dev/null 2>&1 || true
  peak=$(tail -n1 "$out")
  rm -f "$out"
  echo "$((total / runs)) $peak"
}

printf '%-34s %10s %10s %8s %10s %10s\n' case django_us dc_us ratio django_kb dc_kb
sum_dj=0 sum_dc=0 n=0
for c in "${cases[@]}"; do
  proj="$c/proj"; envf="$c/env"; mod=mysite.settings
  if [ -f "$c/case.json" ]; then
    mod=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["settings_module"])' "$c/case.json")
  fi
  # Django sees exactly the variables of the env file.
  envargs=(PYTHONDONTWRITEBYTECODE=1)
  while IFS= read -r line; do
    [[ "$line" =~ ^([A-Za-z_][A-Za-z0-9_]*)=\'(.*)\'$ ]] && envargs+=("${BASH_REMATCH[1]}=${BASH_REMATCH[2]}")
  done < "$envf"
  read -r dj_us dj_kb < <(measure env -i PATH="$PATH" HOME="$HOME" PYTHONPATH="$DEPLOYCHECK_DJANGO_PYTHONPATH:$proj" \
    DJANGO_SETTINGS_MODULE="$mod" "${envargs[@]}" "$py" "$proj/manage.py" check --deploy)
  read -r dc_us dc_kb < <(measure "$bin" check "$proj" --settings "$mod" --env-file "$envf" --format json)
  ratio=$(awk -v a="$dj_us" -v b="$dc_us" 'BEGIN { if (b == 0) b = 1; printf "%.1f", a / b }')
  printf '%-34s %10s %10s %8s %10s %10s\n' "$(basename "$c")" "$dj_us" "$dc_us" "${ratio}x" "$dj_kb" "$dc_kb"
  sum_dj=$((sum_dj + dj_us)); sum_dc=$((sum_dc + dc_us)); n=$((n + 1))
  [ "$dc_kb" -gt "${max_dc_kb:-0}" ] && max_dc_kb=$dc_kb
done
awk -v a="$sum_dj" -v b="$sum_dc" -v n="$n" 'BEGIN {
  if (b == 0) b = 1
  printf "\n%d projects: Django mean %.1f ms, deploycheck mean %.2f ms, deploycheck is %.0fx faster\n", n, a / n / 1000, b / n / 1000, a / b }'
echo "deploycheck peak RSS: ${max_dc_kb:-0} KB"
