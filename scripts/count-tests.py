#!/usr/bin/env python3
"""Sums the doctest test cases of every test binary meson ran and prints
"tests: N passed, N failed, N skipped". A test binary that printed no
doctest summary (a crash, a script test) counts once, by its result.
Takes one log per CI stage: meson's testlog.json of each build, and the
testlog-shaped results of the fuzz and crash stages (scripts/lib/results.sh).
A log that does not exist is one failure: its stage did not get that far."""
import json
import re
import sys

# The integration runner prints its own summary (it knows about skips that
# doctest counts as passes); prefer it to doctest's.
RUNNER_SUMMARY = re.compile(
    r"\[llama-stack-test\] test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed\s*\|\s*(\d+) skipped")
# The Node SDK tests (scripts/test-sdk-clients) print node --test's counts so.
NODE_SUMMARY = re.compile(
    r"\[sdk-clients\] test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed\s*\|\s*(\d+) skipped")
SUMMARY = re.compile(
    r"\[doctest\] test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed\s*\|\s*(\d+) skipped")


def count(entry):
    """(passed, failed, skipped) of one testlog entry."""
    stdout = entry.get("stdout", "") or ""
    found = RUNNER_SUMMARY.findall(stdout) or NODE_SUMMARY.findall(stdout) or SUMMARY.findall(stdout)
    result = entry.get("result")
    if found:
        p, f, s = (sum(int(row[i]) for row in found) for i in (1, 2, 3))
        if result not in ("OK", "EXPECTEDFAIL") and not f:
            f += 1  # the binary failed after its tests (e.g. a leak, a crash at exit)
        return p, f, s
    if result == "SKIP":
        return 0, 0, 1
    if result in ("OK", "EXPECTEDFAIL"):
        return 1, 0, 0
    return 0, 1, 0


# doctest's and the runner's lines naming a failed case; CI shows only the
# tail of its output, so the names are repeated just above the summary.
FAILED_CASE = re.compile(r"^(?:TEST CASE:\s*(.+)|FAILED (\S+))$", re.M)


def failed_cases(entry):
    stdout = entry.get("stdout", "") or ""
    return [a or b for a, b in FAILED_CASE.findall(stdout)][:5]


passed = failed = skipped = 0
failures = []
for path in sys.argv[1:]:
    try:
        log = open(path, encoding="utf-8")
    except FileNotFoundError:
        print(f"count-tests: {path}: no such log; counted as one failure", file=sys.stderr)
        failed += 1
        continue
    with log:
        for line in log:
            entry = json.loads(line)
            p, f, s = count(entry)
            passed, failed, skipped = passed + p, failed + f, skipped + s
            if f:
                failures.append((path, entry.get("name", "?"), f, failed_cases(entry)))
for path, name, f, cases in failures:
    print(f"count-tests: FAILED {name} ({f} failed) in {path}")
    for case in cases:
        print(f"count-tests:   {case.strip()}")
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
