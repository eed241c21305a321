#!/usr/bin/env python3
"""Golden tests for the importer. A case is a directory holding input.<ext> (txt, pdf, docx, png, ...)
and expected.json side by side; the case passes when `planwatch import --json input.<ext>` prints
expected.json (after dropping the VOLATILE fields).

  run_golden.py PLANWATCH_BIN CASE_DIR [CASE_DIR ...]            compare; print a unified diff on mismatch
  run_golden.py --update PLANWATCH_BIN CASE_DIR [CASE_DIR ...]   rewrite expected.json from the current output

`make golden-update` runs --update over every case (`make golden-update CASES=tests/golden/x/y` for one);
review the diff of expected.json before committing it.
"""
import difflib
import glob
import json
import os
import subprocess
import sys

# Fields that change from run to run and are dropped before comparing: dotted paths from the top of the
# JSON document, '*' for every element of a list (e.g. "imported_at", "tasks.*.id"). None yet.
VOLATILE = []

MAX_DIFF_LINES = 300
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def shown(case):
    """The case directory as the user would type it from the repository root."""
    rel = os.path.relpath(os.path.abspath(case), REPO)
    return case if rel.startswith("..") else rel


def drop(obj, path):
    head, _, rest = path.partition(".")
    if head == "*":
        items = obj if isinstance(obj, list) else []
    elif isinstance(obj, dict) and head in obj:
        if not rest:
            del obj[head]
            return
        items = [obj[head]]
    else:
        return
    for item in items:
        if rest:
            drop(item, rest)


def run(binary, case):
    inputs = sorted(p for p in glob.glob(os.path.join(case, "input.*")) if os.path.isfile(p))
    if len(inputs) != 1:
        found = ", ".join(os.path.basename(p) for p in inputs) or "none"
        return None, f"{shown(case)}: expected exactly one input.<ext> file, found {found}"
    try:
        proc = subprocess.run([binary, "import", "--json", inputs[0]], capture_output=True, timeout=240)
    except subprocess.TimeoutExpired:
        return None, f"{shown(case)}: planwatch did not finish within 240 s"
    stderr = proc.stderr.decode(errors="replace").strip()
    if proc.returncode != 0:
        return None, f"{shown(case)}: planwatch exited with status {proc.returncode}\n{stderr}"
    try:
        out = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        return None, f"{shown(case)}: planwatch printed invalid JSON ({e})\n{stderr}"
    for path in VOLATILE:
        drop(out, path)
    return out, None


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(argv):
    update = False
    if argv and argv[0] == "--update":
        update = True
        argv = argv[1:]
    if len(argv) < 2 or argv[0].startswith("-"):
        print(__doc__)
        return 2
    binary, cases = argv[0], argv[1:]
    failed = 0
    for case in cases:
        path = os.path.normpath(case)
        case = shown(path)  # for messages; files are opened through path
        out, err = run(binary, path)
        if err:
            print(err)
            failed += 1
            continue
        actual = dump(out)
        expected_path = os.path.join(path, "expected.json")
        expected = None
        if os.path.exists(expected_path):
            with open(expected_path, encoding="utf-8") as f:
                expected = f.read()
        if update:
            if expected == actual:
                print(f"{case}: unchanged")
            else:
                with open(expected_path, "w", encoding="utf-8") as f:
                    f.write(actual)
                print(f"{case}: {'updated' if expected is not None else 'created'} expected.json")
            continue
        if expected is None:
            print(f"{case}: no expected.json yet. Run `make golden-update CASES={case}`, "
                  "review the new expected.json and commit it.")
            failed += 1
            continue
        try:
            expected = dump(json.loads(expected))  # compare content, not formatting
        except json.JSONDecodeError as e:
            print(f"{case}: expected.json is not valid JSON ({e}); regenerate it with `make golden-update`")
            failed += 1
            continue
        if expected == actual:
            print(f"{case}: ok")
            continue
        failed += 1
        diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                         f"{case}/expected.json", "actual", n=4, lineterm=""))
        print(f"{case}: output differs from expected.json")
        print("\n".join(diff[:MAX_DIFF_LINES]))
        if len(diff) > MAX_DIFF_LINES:
            print(f"... {len(diff) - MAX_DIFF_LINES} more diff lines")
        print(f"If the change is intended: make golden-update CASES={case}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
