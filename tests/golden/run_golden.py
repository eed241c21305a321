#!/usr/bin/env python3
"""Golden tests for the importer: each case directory holds input.<ext> and expected.json side by side.

  run_golden.py PLANWATCH_BIN CASE_DIR [CASE_DIR ...]            compare, print a diff on mismatch
  run_golden.py --update PLANWATCH_BIN CASE_DIR [CASE_DIR ...]   rewrite expected.json from the current output
"""
import difflib
import glob
import json
import os
import subprocess
import sys

VOLATILE = []  # top-level keys to ignore when comparing (none yet)


def run(binary, case):
    inputs = sorted(glob.glob(os.path.join(case, "input.*")))
    if not inputs:
        return None, f"{case}: no input.* file"
    proc = subprocess.run([binary, "import", "--json", inputs[0]], capture_output=True, timeout=120)
    if proc.returncode != 0:
        return None, f"{case}: planwatch failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}"
    out = json.loads(proc.stdout)
    for k in VOLATILE:
        out.pop(k, None)
    return out, None


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(argv):
    update = False
    if argv and argv[0] == "--update":
        update = True
        argv = argv[1:]
    if len(argv) < 2:
        print(__doc__)
        return 2
    binary, cases = argv[0], argv[1:]
    failed = 0
    for case in cases:
        case = case.rstrip("/")
        out, err = run(binary, case)
        if err:
            print(err)
            failed += 1
            continue
        expected_path = os.path.join(case, "expected.json")
        if update:
            with open(expected_path, "w", encoding="utf-8") as f:
                f.write(dump(out))
            print(f"updated {expected_path}")
            continue
        if not os.path.exists(expected_path):
            print(f"{case}: no expected.json; review the output and run `make golden-update`")
            failed += 1
            continue
        with open(expected_path, encoding="utf-8") as f:
            expected = json.load(f)
        if dump(expected) != dump(out):
            failed += 1
            diff = difflib.unified_diff(dump(expected).splitlines(), dump(out).splitlines(), "expected.json", "actual", lineterm="")
            print(f"{case}: output differs from expected.json")
            print("\n".join(list(diff)[:200]))
        else:
            print(f"{case}: ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
