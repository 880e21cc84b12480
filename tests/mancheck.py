#!/usr/bin/env python3
"""mancheck.py - check a man page against its command, and run its EXAMPLES.

  mancheck.py synopsis PAGE CMD   the SYNOPSIS renders as `CMD --help`'s usage
  mancheck.py options PAGE CMD    every option of `CMD --help` is in the page
  mancheck.py examples PAGE DIR   run each `$ command` of EXAMPLES in a copy of
                                  DIR; the lines after it are its exact stdout

Commands run with sh in the copy, with the caller's PATH. Prints what
differs and exits 1 on any mismatch.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def render(page):
    out = subprocess.run(["mandoc", "-Tascii", "-Owidth=400", page],
                         capture_output=True, text=True, check=True).stdout
    return re.sub(r".\x08", "", out)


def section(text, name):
    m = re.search(r"^%s\n(.*?)(?=^[A-Z][A-Z ]+\n|\Z)" % name, text, re.M | re.S)
    return m.group(1) if m else ""


def usage_of(cmd):
    """The usage: the first line, and the lines after it that are indented
    to line up with it (a command with several synopsis lines)."""
    out = subprocess.run([cmd, "--help"], capture_output=True, text=True,
                         check=True).stdout
    lines = out.splitlines()
    usage = [lines[0][len("usage: "):]]
    for line in lines[1:]:
        if not line.startswith(" " * len("usage: ") + cmd):
            break
        usage.append(line.strip())
    return " ".join(usage), out


def check_synopsis(page, cmd):
    synopsis = " ".join(section(render(page), "SYNOPSIS").split())
    usage, _ = usage_of(cmd)
    if synopsis != " ".join(usage.split()):
        print("SYNOPSIS: %s\n   usage: %s" % (synopsis, usage))
        return 1
    return 0


def check_options(page, cmd):
    text = render(page)
    _, helptext = usage_of(cmd)
    missing = [o for o in re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", helptext)
               if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(o), text)]
    for o in missing:
        print("option %s of %s --help is not in %s" % (o, cmd, page))
    return 1 if missing else 0


def unescape(line):
    line = line.replace("\\e", "\\").replace("\\&", "").replace("\\-", "-")
    return line.replace("\\(aq", "'").replace("\\(dq", '"')


def examples(page):
    """[(command, [expected lines] or None)] from the EXAMPLES literal blocks."""
    src = open(page, encoding="utf-8").read().splitlines()
    out, in_ex, in_lit, cur = [], False, False, None
    for line in src:
        if line.startswith(".Sh "):
            in_ex = line.strip() == ".Sh EXAMPLES"
            continue
        if not in_ex:
            continue
        if line.startswith(".Bd") and "-literal" in line:
            in_lit = True
            continue
        if line.startswith(".Ed"):
            in_lit, cur = False, None
            continue
        if not in_lit:
            continue
        text = unescape(line)
        if text.startswith("$ "):
            cur = [text[2:], []]
            out.append(cur)
        elif cur is not None:
            cur[1].append(text)
    return out


def run_examples(page, srcdir):
    exs = examples(page)
    if not exs:
        print("%s: no EXAMPLES to run" % page)
        return 1
    work = tempfile.mkdtemp()
    try:
        dst = os.path.join(work, "ex")
        shutil.copytree(srcdir, dst)
        bad = 0
        for cmd, want in exs:
            p = subprocess.run(["sh", "-c", cmd], cwd=dst, capture_output=True,
                               text=True, timeout=120)
            got = p.stdout.splitlines()
            if p.returncode != 0:
                print("$ %s\n  exit %d\n  stderr: %s" % (cmd, p.returncode, p.stderr))
                bad += 1
            elif want and got != want:
                # stderr too: a loop's status is its last command's, so
                # a step that failed inside it shows only here
                print("$ %s\n  expected:\n    %s\n  got:\n    %s\n  stderr: %s" % (
                    cmd, "\n    ".join(want), "\n    ".join(got), p.stderr))
                bad += 1
        return 1 if bad else 0
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    what, page, arg = sys.argv[1:4]
    sys.exit({"synopsis": check_synopsis, "options": check_options,
              "examples": run_examples}[what](page, arg))
