#!/usr/bin/env python3
"""docs/openapi.yaml lists exactly the routes `planwatch routes` prints (method and path)."""
import re
import subprocess
import sys

binary, spec = sys.argv[1], sys.argv[2]
served = set(subprocess.run([binary, "routes"], check=True, capture_output=True, text=True).stdout.split("\n")) - {""}
documented, path = set(), None
for line in open(spec, encoding="utf-8"):
    m = re.match(r"^  (/\S+):\s*$", line)
    if m:
        path = m.group(1)
        continue
    m = re.match(r"^    (get|post|patch|put|delete):", line)
    if m and path:
        documented.add(f"{m.group(1).upper()} {path}")
missing, extra = served - documented, documented - served
for r in sorted(missing):
    print("not in openapi.yaml:", r)
for r in sorted(extra):
    print("in openapi.yaml but not served:", r)
print(f"{len(served)} routes served, {len(documented)} documented")
sys.exit(1 if missing or extra else 0)
