#!/usr/bin/env python3
"""The source rules can fail: scripts/checksrc.py run on each fixture tree of
tests/checksrc/fixtures/ must exit 1 and name that tree's rule (a tree named
RULE or RULE-something breaks RULE), and on fixtures/clean must exit 0.
Every rule of --list-rules has at least one fixture, and README.md's
"Layout" table says what the script's layer table (MAY_INCLUDE) says."""

import importlib.util
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCRIPT = os.path.join(ROOT, "scripts", "checksrc.py")
FIXTURES = os.path.join(HERE, "fixtures")


def run(*args):
    p = subprocess.run([sys.executable, SCRIPT, *args], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout, p.stderr


def readme_mismatches():
    """README.md's layout rows against the script's table, one message per difference."""
    spec = importlib.util.spec_from_file_location("checksrc", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = {}
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\| `([a-z/]+/)` \|.*\| ([^|]*) \|\s*$", line)
            if m:
                rows[m.group(1)] = m.group(2).strip()
    out = []
    for folder, layer in mod.LAYER_OF_FOLDER.items():
        allowed = mod.MAY_INCLUDE[layer]
        if folder not in rows:
            out.append("README.md has no layout row for %s" % folder)
            continue
        said = rows[folder]
        if said == "everything" and allowed == set(mod.LAYER_OF_FOLDER.values()):
            continue
        names = {w.strip() for w in said.split(",")}
        if names != allowed:
            out.append("README.md says %s may include %s; checksrc.py says %s"
                       % (folder, said, ", ".join(sorted(allowed))))
    return out


def main():
    failures = readme_mismatches()
    rc, out, _ = run("--list-rules")
    rules = [line.split()[0] for line in out.splitlines() if line.strip()]
    if rc != 0 or not rules:
        print("--list-rules failed: rc=%d" % rc)
        return 1
    covered = set()
    for name in sorted(os.listdir(FIXTURES)):
        tree = os.path.join(FIXTURES, name)
        if not os.path.isdir(tree):
            continue
        rc, out, err = run("--root", tree)
        if name == "clean":
            if rc != 0 or out:
                failures.append("clean: expected exit 0 and no output, got %d:\n%s%s"
                                % (rc, out, err))
            continue
        rule = next((r for r in rules if name == r or name.startswith(r + "-")), None)
        if rule is None:
            failures.append("%s: no rule of that name" % name)
            continue
        covered.add(rule)
        named = [line for line in out.splitlines() if ": %s: " % rule in line]
        others = [line for line in out.splitlines() if ": %s: " % rule not in line]
        if rc != 1 or not named:
            failures.append("%s: expected exit 1 naming %s, got %d:\n%s%s"
                            % (name, rule, rc, out, err))
        if others:
            failures.append("%s: violations of other rules:\n%s" % (name, "\n".join(others)))
        # --rule narrows the run to one rule and still fails.
        rc1, out1, _ = run("--root", tree, "--rule", rule)
        if rc1 != 1 or out1 != out:
            failures.append("%s: --rule %s gave %d" % (name, rule, rc1))
    for r in rules:
        if r not in covered:
            failures.append("rule %s has no fixture" % r)
    rc, _, _ = run("--rule", "no-such-rule")
    if rc != 2:
        failures.append("an unknown rule should be a usage error (2), got %d" % rc)
    for f in failures:
        print("FAIL " + f)
    print("%d fixture checks failed" % len(failures) if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
