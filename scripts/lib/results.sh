# Sourced by the CI stage scripts: each check a stage makes is one line of a
# results file in the shape of meson's testlog.json, so that
# scripts/count-tests.py counts every stage alike.

# record_result FILE NAME OK|FAIL [DETAIL]
record_result() {
  python3 - "$@" <<'PY'
import json, sys
path, name, result = sys.argv[1:4]
detail = sys.argv[4] if len(sys.argv) > 4 else ""
with open(path, "a", encoding="utf-8") as out:
    out.write(json.dumps({"name": name, "result": result, "stdout": detail}) + "\n")
PY
}
