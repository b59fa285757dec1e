# Helpers shared by benches/compile-cost.sh and benches/compile-units.sh (sourced, not run).

# median X... -> the median, two decimals
median() { python3 -c "import sys,statistics; print(f'{statistics.median(float(x) for x in sys.argv[1:]):.2f}')" "$@"; }

# unit_time TARGET_DIR PACKAGE -> seconds of that unit in the latest cargo-timing.html (stable cargo has no
# JSON timings; build scripts are left out)
unit_time() {
  python3 - "$1/cargo-timings/cargo-timing.html" "$2" <<'PY'
import json, re, sys
html = open(sys.argv[1]).read()
data = json.loads(re.search(r'const UNIT_DATA = (\[.*?\]);\s*\n', html, re.S).group(1))
units = [u for u in data if u['name'] == sys.argv[2] and 'build-script' not in (u.get('target') or '')]
print(f"{max(u['duration'] for u in units):.2f}" if units else "nan")
PY
}
