#!/usr/bin/env bash
# Remote re-recording (the guide's "Remote Re-recording"): asks the CI
# workflow .github/workflows/record-integration-tests.yml to re-record chosen
# areas on a runner that can reach the real providers, and to push the new
# recordings to the current branch. Needs the GitHub CLI (`gh`), logged in,
# and the branch pushed.
#
#   scripts/schedule-record-workflow.sh --subdirs "inference,models"
#   scripts/schedule-record-workflow.sh --subdirs inference --setup gpt --suite base
set -euo pipefail
subdirs= setup=ollama suite=base branch=
while [ $# -gt 0 ]; do
  case "$1" in
    --subdirs) subdirs=$2; shift 2 ;;
    --setup) setup=$2; shift 2 ;;
    --suite) suite=$2; shift 2 ;;
    --branch) branch=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      echo "Options: --subdirs a,b (required)  --setup NAME (ollama)  --suite NAME (base)  --branch B (current)"
      exit 0 ;;
    *) echo "schedule-record-workflow: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[ -n "$subdirs" ] || { echo "schedule-record-workflow: --subdirs is required (e.g. inference,models)" >&2; exit 2; }
command -v gh >/dev/null || { echo "schedule-record-workflow: the GitHub CLI 'gh' is not installed" >&2; exit 1; }
branch=${branch:-$(git rev-parse --abbrev-ref HEAD)}
git ls-remote --exit-code --heads origin "$branch" >/dev/null \
  || { echo "schedule-record-workflow: push branch '$branch' first" >&2; exit 1; }
gh workflow run record-integration-tests.yml --ref "$branch" \
  -f subdirs="$subdirs" -f setup="$setup" -f suite="$suite"
echo "scheduled: re-recording $subdirs (setup $setup, suite $suite) on $branch; follow it with: gh run watch"
