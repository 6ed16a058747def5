#!/usr/bin/env python3
"""Sums the doctest test cases of every test binary meson ran and prints
"tests: N passed, N failed, N skipped". A test binary that printed no
doctest summary (a crash, a script test) counts once, by its result."""
import json
import re
import sys

# The integration runner prints its own summary (it knows about skips that
# doctest counts as passes); prefer it to doctest's.
RUNNER_SUMMARY = re.compile(
    r"\[llama-stack-test\] test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed\s*\|\s*(\d+) skipped")
SUMMARY = re.compile(
    r"\[doctest\] test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed\s*\|\s*(\d+) skipped")

passed = failed = skipped = 0
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        entry = json.loads(line)
        stdout = entry.get("stdout", "") or ""
        found = RUNNER_SUMMARY.findall(stdout) or SUMMARY.findall(stdout)
        if found:
            for _, p, f, s in found:
                passed, failed, skipped = passed + int(p), failed + int(f), skipped + int(s)
            if entry.get("result") not in ("OK", "EXPECTEDFAIL") and not any(int(f) for _, _, f, _ in found):
                failed += 1  # the binary failed after its tests (e.g. a leak, a crash at exit)
        elif entry.get("result") == "SKIP":
            skipped += 1
        elif entry.get("result") in ("OK", "EXPECTEDFAIL"):
            passed += 1
        else:
            failed += 1
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
