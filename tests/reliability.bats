#!/usr/bin/env bats
# dcr-reliability(7) names the tests that hold each promise: every test it
# quotes exists, under that name, in the file it names.

load helpers

@test "every test that dcr-reliability(7) quotes is in the file it names" {
	run -0 python3 - "$DCR_TESTS/../share/man/man7/dcr-reliability.7" "$DCR_TESTS" <<'PY'
import os, re, sys
page, tests = sys.argv[1], sys.argv[2]
file, quoted, missing = None, 0, []
for line in open(page, encoding="utf-8"):
    line = line.rstrip("\n")
    m = re.match(r"\.Pa (\S+\.bats)(?: :)?$", line)
    if m:
        file = m.group(1)
        continue
    m = re.match(r"\.(?:Dq|Pq Dq) (.*?)(?: [,;.)])*$", line)
    if m and file:
        name = m.group(1).replace("\\-", "-").replace("\\(aq", "'")
        path = os.path.join(tests, file)
        titles = [t for t in open(path, encoding="utf-8") if t.startswith("@test ")]
        quoted += 1
        if not any(name in t for t in titles):
            missing.append(f"{file}: {name}")
        continue
    if not line.startswith(".Dq"):
        file = None
for m in missing:
    print("not found:", m)
print(f"{quoted} quoted")
sys.exit(1 if missing or quoted < 20 else 0)
PY
	assert_output --regexp '^[0-9]+ quoted$'
}
