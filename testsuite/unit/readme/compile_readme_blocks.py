#!/usr/bin/env python3
"""Compiles every ```cpp block of the given Markdown files, exactly as printed.

Nothing is added to a block: each one is written to a .cpp file of its own and
compiled with the compile command meson recorded (compile_commands.json) for a
reference translation unit of the project, so a block sees the project's
include paths, warnings (-Werror) and defines and nothing else:

  unmarked block                  the flags of llama-stack-test's
                                  testsuite/runner/main.cpp (the library
                                  client, the test runner, doctest, the SDK)
  `<!-- readme-test: plugin -->`  the flags of a plugin built against the SDK
  on the line before the fence    alone (testsuite/unit/plugin/test_plugins/:
                                  -fPIC, the SDK's headers, no stack headers)

Any other `readme-test:` marker is an error, so no block can be left out
silently. Exits 1, with the compiler's messages and the README line of each
block that does not compile, when one does not (or when no block is found).

--expect-failing=LINE[,LINE...] inverts the verdict for the script's own test
(fixtures/): exit 0 only when exactly the blocks at those lines fail.
"""
import json
import pathlib
import re
import shlex
import subprocess
import sys
import tempfile

REFERENCES = {
    "application": "testsuite/runner/main.cpp",
    # Built against the SDK alone, as an out-of-tree plugin is.
    "plugin": "testsuite/unit/plugin/test_plugins/test_plugin.cpp",
}
FENCE = re.compile(r"^(\s*)```\s*(\S*)\s*$")
MARKER = re.compile(r"^\s*<!--\s*readme-test:\s*(.*?)\s*-->\s*$")
CPP_LANGUAGES = {"cpp", "c++", "cc", "cxx"}


def blocks(markdown):
    """(line of the fence, kind, text) per C++ block."""
    lines = markdown.read_text().splitlines()
    out = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, language = m.group(1), m.group(2).lower()
        start = i
        i += 1
        body = []
        while i < len(lines) and not re.match(r"^\s*```\s*$", lines[i]):
            # List-item blocks are indented; the block is what is inside the indent.
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i].lstrip())
            i += 1
        if i == len(lines):
            raise SystemExit(f"{markdown}:{start + 1}: code block never closed")
        i += 1
        if language not in CPP_LANGUAGES:
            continue
        previous = start - 1
        while previous >= 0 and not lines[previous].strip():
            previous -= 1
        kind = "application"
        marker = MARKER.match(lines[previous]) if previous >= 0 else None
        if marker:
            kind = marker.group(1)
            if kind not in REFERENCES:
                raise SystemExit(f"{markdown}:{previous + 1}: unknown marker 'readme-test: {kind}' "
                                 f"(known: {', '.join(k for k in REFERENCES if k != 'application')})")
        out.append((start + 1, kind, "\n".join(body) + "\n"))
    return out


def reference_command(build_dir, source_root, reference):
    """The recorded command for `reference`, as a list, and its directory."""
    entries = json.loads((build_dir / "compile_commands.json").read_text())
    wanted = (source_root / reference).resolve()
    for e in entries:
        if (pathlib.Path(e["directory"]) / e["file"]).resolve() == wanted:
            return shlex.split(e["command"]), e["directory"]
    raise SystemExit(f"{build_dir}/compile_commands.json has no command for {reference}")


def compile_command(command, source, output):
    """`command` with its source, object file and dependency-file options replaced."""
    out = []
    skip = False
    for arg in command:
        if skip:
            skip = False
            continue
        if arg in ("-o", "-c", "-MQ", "-MF", "-MT"):
            skip = True
            continue
        # Plain messages for the test log.
        if arg in ("-MD", "-MMD") or arg.startswith("-fdiagnostics-color"):
            continue
        out.append(arg)
    return out + ["-o", str(output), "-c", str(source)]


def main():
    args = sys.argv[1:]
    expected = None
    if args and args[0].startswith("--expect-failing="):
        expected = {int(n) for n in args.pop(0).split("=", 1)[1].split(",")}
    if len(args) < 3:
        raise SystemExit("usage: compile_readme_blocks.py [--expect-failing=LINE,...] "
                         "SOURCE_ROOT BUILD_DIR FILE.md...")
    source_root = pathlib.Path(args[0]).resolve()
    build_dir = pathlib.Path(args[1]).resolve()
    failed = set()
    count = 0
    with tempfile.TemporaryDirectory(prefix="readme-blocks-") as tmp:
        for name in args[2:]:
            markdown = pathlib.Path(name)
            for line, kind, text in blocks(markdown):
                count += 1
                source = pathlib.Path(tmp) / f"{markdown.stem}_line{line}.cpp"
                source.write_text(text)
                command, directory = reference_command(build_dir, source_root, REFERENCES[kind])
                result = subprocess.run(compile_command(command, source, source.with_suffix(".o")),
                                        cwd=directory, capture_output=True, text=True)
                where = f"{markdown}:{line}: the ```cpp block ({kind}, flags of {REFERENCES[kind]})"
                if result.returncode == 0:
                    print(f"ok   {where}")
                else:
                    failed.add(line)
                    print(f"FAIL {where} does not compile:\n{result.stdout}{result.stderr}")
    if count == 0:
        print("no ```cpp block found in " + ", ".join(args[2:]))
        return 1
    print(f"{count - len(failed)} of {count} blocks compile")
    if expected is not None:
        print(f"expected to fail: lines {sorted(expected)}; failed: lines {sorted(failed)}")
        return 0 if failed == expected else 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
