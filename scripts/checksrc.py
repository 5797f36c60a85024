#!/usr/bin/env python3
"""checksrc.py - the source rules of tocao, checked by a script so that they
cannot drift from the code (curl's scripts/checksrc.pl is the model).

    scripts/checksrc.py [--root DIR] [--rule NAME ...] [--list-rules]

Prints one line per violation, "file:line: rule: message", and exits 1 if
there is any, 0 otherwise (2 on bad usage). Without --root it checks the
repository the script lives in: the files git knows (tracked, or new and not
ignored). With --root DIR that is not a git checkout (the fixtures of
tests/checksrc/) it walks DIR.

The C rules look at the C sources of the tree (*.c, *.h) except tests/ and
bench/: tests may include any library and may be long. The layer table
below is the one README.md's "Layout" table describes; change both
together.

Python 3 standard library only.
"""

import argparse
import os
import re
import subprocess
import sys

# ---------------------------------------------------------------------------
# The layer table: which folder is which layer, and which layers each one may
# include headers from ("#include "x.h"" is resolved to the folder holding
# x.h). Dependencies point one way: common <- domain, crypto, store <- cases,
# instance <- intake (front <- citizen, inspector, monitor) <- daemon; cli
# sits beside the daemon and never reaches into it or into intake.
# ---------------------------------------------------------------------------

# Folder prefix -> layer name. The longest matching prefix wins.
LAYER_OF_FOLDER = {
    "common/": "common",
    "domain/": "domain",
    "crypto/": "crypto",
    "store/": "store",
    "cases/": "cases",
    "instance/": "instance",
    "web/": "web",
    "intake/front/": "front",
    "intake/citizen/": "citizen",
    "intake/inspector/": "inspector",
    "intake/monitor/": "monitor",
    "daemon/": "daemon",
    "client/": "client",
    "paper/": "paper",
    "desk/": "desk",
    "cli/": "cli",
}

_BELOW_INTAKE = {"common", "domain", "crypto", "store", "cases", "web"}

MAY_INCLUDE = {
    "common": {"common"},
    "domain": {"common", "domain"},
    "crypto": {"common", "crypto"},
    # store keeps sealed bytes and indexes: it knows nothing of the law
    # (domain) nor of crypto.
    "store": {"common", "store"},
    # the case service: one change to a case goes through it.
    "cases": {"common", "domain", "crypto", "store", "cases"},
    # the instance directory's layout, shared by tocaod and tocao.
    "instance": {"common", "domain", "crypto", "instance"},
    # form decoding, wiping allocation, JSON guards and the report's contract
    # (validated by the same code in the daemon and the desk), shared by the two
    # HTTP front ends.
    "web": {"common", "domain", "web"},
    "front": _BELOW_INTAKE | {"front"},
    # the three audiences use the front's machinery, never each other.
    "citizen": _BELOW_INTAKE | {"front", "citizen"},
    "inspector": _BELOW_INTAKE | {"front", "inspector"},
    # the monitors' tables as .xlsx use paper's spreadsheet writer (pure C, no case).
    "monitor": _BELOW_INTAKE | {"front", "monitor", "paper"},
    "daemon": set(LAYER_OF_FOLDER.values()),
    # the inspectors' client library (API calls, session, decryption), shared by
    # tocao and the desk: never the daemon's, intake's or the store's code.
    "client": {"common", "domain", "crypto", "client"},
    # the official documents and the case file, rendered from a decrypted case,
    # and the monitors' figures as .xlsx: pure C over domain's tables (cJSON and
    # libzip its only libraries).
    "paper": {"common", "domain", "paper"},
    # the inspectors' desk: a local web console over the client library.
    "desk": {"common", "domain", "crypto", "client", "web", "paper", "desk"},
    "cli": {"common", "domain", "crypto", "store", "cases", "instance", "client", "web", "paper",
            "desk", "cli"},
}

# Library headers and the folders that may include them (folder prefixes).
SODIUM_FOLDERS = ("crypto/",)
LMDB_FOLDERS = ("store/",)
LIBEVENT_FOLDERS = ("intake/", "daemon/", "desk/", "web/")
# cJSON and OpenSSL belong to the front ends (intake/, daemon/, client/, cli/): the
# layers below them stay free of wire formats.
NO_CJSON_OPENSSL_FOLDERS = ("common/", "domain/", "crypto/", "store/", "cases/", "instance/")

FUNCTION_MAX_LINES = 80

# Calls no non-test C code may make, and why.
BANNED_CALLS = {
    "sprintf": "no bound on the output: use snprintf and check its result",
    "vsprintf": "no bound on the output: use vsnprintf",
    "strcpy": "no bound on the copy: use snprintf or memcpy with a checked length",
    "strcat": "no bound on the copy: use snprintf or track the length",
    "strncpy": "leaves the result unterminated when the source is long: use snprintf",
    "strncat": "its bound is the space left, an easy off-by-one: use snprintf",
    "gets": "cannot be used safely, removed from C11: use fgets",
    "atoi": "no error detection (overflow is undefined, junk reads as 0): use strtol and check",
    "atol": "no error detection: use strtol and check end and errno",
    "atoll": "no error detection: use strtoll and check end and errno",
    "usleep": "obsolete in POSIX.1-2008, and a sleep loop is polling: "
              "wait on an event or a condition variable (nanosleep if a delay is really meant)",
    "strtok": "keeps hidden state, not thread-safe: use strtok_r or a length-based scan",
    "gmtime": "returns a shared static buffer: use gmtime_r",
    "localtime": "returns a shared static buffer (and the daemon uses Asia/Ho_Chi_Minh "
                 "dates computed by domain/, not the host's zone): use gmtime_r",
    "asctime": "shared static buffer: format with strftime",
    "ctime": "shared static buffer: format with strftime",
    "rand": "not a secure generator: use the crypto layer's random bytes",
    "srand": "not a secure generator: use the crypto layer's random bytes",
    "alloca": "unbounded stack allocation: use a fixed-size buffer or the heap",
    "tmpnam": "races on the name: use mkstemp",
    "mktemp": "races on the name: use mkstemp",
    "setlocale": "cJSON parses numbers with strtod, so a numeric locale other than C "
                 "breaks JSON numbers: never change the locale",
    "cJSON_GetObjectItem": "matches keys case-insensitively: use "
                           "cJSON_GetObjectItemCaseSensitive",
    "evhttp_parse_query_str": "keys not decoded, first duplicate wins, %00 truncates: "
                              "use intake/front/form.h",
    "evhttp_parse_query": "same traps as evhttp_parse_query_str: use intake/front/form.h",
}

# The specification files that once lived beside the repository, outside it.
# A reference to one of them is a dangling pointer for every reader of the
# repository, unless a file of that exact name is in the repository. Built
# from parts so that this script does not name them itself.
_OUTSIDE_DOC_STEMS = ("pitfalls", "domain", "STYLE", "security", "api")
_OUTSIDE_DOC_RE = re.compile(
    r"(?<![A-Za-z0-9_-])(" + "|".join(_OUTSIDE_DOC_STEMS) + r")\.md(?![A-Za-z0-9_])")
_OUTSIDE_DIR_RE = re.compile(r"\.\./" + "shared" + r"\b|\b" + "shared" + r"/spec\b")

# Tracked paths the rules do not read: the rule fixtures violate on purpose.
EXEMPT_PREFIXES = ("tests/checksrc/fixtures/",)

RULES = {
    "sodium-only-in-crypto":
        "<sodium.h> and <sodium/...> only under crypto/ (tests may include them)",
    "lmdb-only-in-store": "<lmdb.h> only under store/",
    "libevent-only-in-front-ends": "<event2/...> only under intake/ and daemon/",
    "cjson-openssl-not-below":
        "<cjson/...> and <openssl/...> not in " + ", ".join(NO_CJSON_OPENSSL_FOLDERS),
    "layer-includes":
        "a folder includes only headers of the layers the layer table allows "
        "(README.md \"Layout\"); every C folder is in the table",
    "function-length":
        "no function longer than %d lines, opening to closing brace" % FUNCTION_MAX_LINES,
    "no-outside-docs":
        "no tracked file points to a document outside the repository "
        "(the old specification files or the directory beside the checkout)",
    "banned-calls": "none of: " + ", ".join(sorted(BANNED_CALLS)),
    "include-cycles":
        "no circle of modules (x.c with x.h) including each other's headers, "
        "e.g. a.c includes b.h while b.c includes a.h",
}

# ---------------------------------------------------------------------------


class Report:
    def __init__(self, only):
        self.only = only
        self.count = 0

    def wants(self, rule):
        return not self.only or rule in self.only

    def add(self, path, line, rule, msg):
        if not self.wants(rule):
            return
        self.count += 1
        print("%s:%d: %s: %s" % (path, line, rule, msg))


def list_files(root):
    """Paths relative to root, '/'-separated, sorted."""
    if os.path.exists(os.path.join(root, ".git")):
        out = subprocess.run(
            ["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            check=True, stdout=subprocess.PIPE).stdout
        paths = [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]
        paths = [p for p in paths if os.path.isfile(os.path.join(root, p))]
    else:
        paths = []
        for d, dirs, files in os.walk(root):
            dirs[:] = sorted(x for x in dirs if x not in (".git", "node_modules")
                             and not x.startswith("build"))
            for f in files:
                paths.append(os.path.relpath(os.path.join(d, f), root).replace(os.sep, "/"))
    return sorted(p for p in paths if not p.startswith(EXEMPT_PREFIXES))


def read_text(root, path):
    """The file's text, or None for a binary or unreadable file."""
    try:
        with open(os.path.join(root, path), "rb") as f:
            data = f.read()
    except OSError:
        return None
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def strip_c(text, keep_strings=False):
    """Comments (and, unless keep_strings, the insides of string and character
    literals) replaced by spaces; newlines kept so line numbers hold."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
            i = j
        elif c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            if keep_strings:
                out.append(text[i:j])
            else:
                out.append(c + " " * max(0, j - i - 2) + (c if j - i >= 2 else ""))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def blank_preprocessor(code):
    """Preprocessor lines (with their continuations) replaced by blank lines."""
    lines = code.split("\n")
    cont = False
    for k, line in enumerate(lines):
        if cont or line.lstrip().startswith("#"):
            cont = line.endswith("\\")
            lines[k] = ""
    return "\n".join(lines)


def layer_of(path):
    best = None
    for prefix, layer in LAYER_OF_FOLDER.items():
        if path.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, layer)
    return best[1] if best else None


def is_c_source(path):
    return path.endswith((".c", ".h")) and not path.startswith(("tests/", "bench/"))


INCLUDE_RE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"]+)[>"]', re.M)


def module_of(path):
    """A module is a .c file with the .h of the same name beside it, and its
    private header x_internal.h if it has one."""
    base = os.path.splitext(path)[0]
    return base[:-len("_internal")] if base.endswith("_internal") else base


def record_edges(path, text, headers, graph):
    """Module edges path -> every module whose header it includes (quoted)."""
    code = strip_c(text, keep_strings=True)
    here = module_of(path)
    for m in INCLUDE_RE.finditer(code):
        if m.group(1) == "<":
            continue
        line = code.count("\n", 0, m.start()) + 1
        for c in resolve_header(path, m.group(2), headers):
            there = module_of(c)
            if there != here:
                graph.setdefault(here, {}).setdefault(there, (path, line))


def check_cycles(graph, rep):
    """Report each strongly connected group of modules once (Tarjan)."""
    index, low, stack, on, groups = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    for group in groups:
        members = set(group)
        first = group[0]
        to = next(w for w in sorted(graph[first]) if w in members)
        path, line = graph[first][to]
        rep.add(path, line, "include-cycles",
                "modules include each other in a circle: %s" % " <-> ".join(group))


def check_includes(path, text, headers, rep):
    code = strip_c(text, keep_strings=True)
    here = layer_of(path)
    if here is None and rep.wants("layer-includes"):
        rep.add(path, 1, "layer-includes",
                "folder %s is not in the layer table" % os.path.dirname(path))
    for m in INCLUDE_RE.finditer(code):
        line = code.count("\n", 0, m.start()) + 1
        kind, name = m.group(1), m.group(2)
        if kind == "<":
            check_system_include(path, line, name, rep)
            continue
        if here is None:
            continue
        cands = resolve_header(path, name, headers)
        layers = {layer_of(c) for c in cands}
        if not cands or None in layers:
            continue
        allowed = MAY_INCLUDE.get(here, set())
        if not layers & allowed:
            rep.add(path, line, "layer-includes",
                    '%s includes "%s" (%s): %s may include only %s'
                    % (here, name, ", ".join(sorted(cands)), here,
                       ", ".join(sorted(allowed))))


def check_system_include(path, line, name, rep):
    if (name == "sodium.h" or name.startswith("sodium/")) and \
            not path.startswith(SODIUM_FOLDERS):
        rep.add(path, line, "sodium-only-in-crypto",
                "<%s> outside crypto/: go through crypto/cr.h" % name)
    if name == "lmdb.h" and not path.startswith(LMDB_FOLDERS):
        rep.add(path, line, "lmdb-only-in-store",
                "<%s> outside store/: go through store/store.h" % name)
    if name.startswith("event2/") and not path.startswith(LIBEVENT_FOLDERS):
        rep.add(path, line, "libevent-only-in-front-ends",
                "<%s> outside intake/, daemon/, desk/ and web/" % name)
    if (name.startswith(("cjson/", "openssl/")) or name == "cJSON.h") and \
            path.startswith(NO_CJSON_OPENSSL_FOLDERS):
        rep.add(path, line, "cjson-openssl-not-below",
                "<%s> in %s: JSON and TLS belong to the front ends"
                % (name, path.split("/")[0] + "/"))


def resolve_header(path, name, headers):
    """The tree's files a quoted include can mean: the including file's own
    folder first (as the compiler searches), else every header of that name."""
    local = os.path.normpath(os.path.join(os.path.dirname(path), name)).replace(os.sep, "/")
    if local in headers["all"]:
        return [local]
    return headers["by_name"].get(os.path.basename(name), [])


FUNC_NAME_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*"
                          r"(?:__attribute__\s*\(\(.*?\)\)\s*)*$", re.S)


def check_function_length(path, text, rep):
    code = blank_preprocessor(strip_c(text))
    depth = 0
    line = 1
    start = None       # (line, name) of the function being read
    head = []          # text at depth 0 since the last declaration ended
    for c in code:
        if c == "\n":
            line += 1
        if depth == 0:
            if c == "{":
                h = "".join(head).rstrip()
                if h.endswith(")"):
                    m = FUNC_NAME_RE.search(h)
                    start = (line, m.group(1) if m else "?")
                else:
                    start = None
                depth = 1
                head = []
            elif c == ";":
                head = []
            else:
                head.append(c)
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                if start is not None:
                    length = line - start[0] + 1
                    if length > FUNCTION_MAX_LINES:
                        rep.add(path, start[0], "function-length",
                                "%s() is %d lines (at most %d)"
                                % (start[1], length, FUNCTION_MAX_LINES))
                start = None
                head = []


BANNED_RE = re.compile(r"(?<![A-Za-z0-9_.>])(" + "|".join(
    sorted(BANNED_CALLS, key=len, reverse=True)) + r")\s*\(")


def check_banned_calls(path, text, rep):
    code = blank_preprocessor(strip_c(text))
    for m in BANNED_RE.finditer(code):
        line = code.count("\n", 0, m.start()) + 1
        rep.add(path, line, "banned-calls", "%s(): %s" % (m.group(1), BANNED_CALLS[m.group(1)]))


def check_outside_docs(path, text, basenames, rep):
    for k, line in enumerate(text.split("\n"), 1):
        for m in _OUTSIDE_DOC_RE.finditer(line):
            if m.group(0) not in basenames:
                rep.add(path, k, "no-outside-docs",
                        "%s is not in the repository: state the fact, or point to a "
                        "document under docs/" % m.group(0))
        if _OUTSIDE_DIR_RE.search(line):
            rep.add(path, k, "no-outside-docs",
                    "points outside the repository: the repository must stand on its own")


def main(argv):
    ap = argparse.ArgumentParser(description="Check tocao's source rules.")
    ap.add_argument("--root", help="tree to check (default: this repository)")
    ap.add_argument("--rule", action="append", default=[], metavar="NAME",
                    help="check only this rule (repeatable)")
    ap.add_argument("--list-rules", action="store_true", help="print the rules and exit")
    args = ap.parse_args(argv)
    if args.list_rules:
        for name, desc in RULES.items():
            print("%-28s %s" % (name, desc))
        return 0
    for r in args.rule:
        if r not in RULES:
            print("checksrc: unknown rule %r (see --list-rules)" % r, file=sys.stderr)
            return 2
    root = args.root or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if not os.path.isdir(root):
        print("checksrc: %s: not a directory" % root, file=sys.stderr)
        return 2
    rep = Report(set(args.rule))
    files = list_files(root)
    basenames = {os.path.basename(p) for p in files}
    headers = {"all": set(p for p in files if p.endswith(".h")), "by_name": {}}
    for p in headers["all"]:
        headers["by_name"].setdefault(os.path.basename(p), []).append(p)
    graph = {}
    for path in files:
        text = read_text(root, path)
        if text is None:
            continue
        if rep.wants("no-outside-docs"):
            check_outside_docs(path, text, basenames, rep)
        if not is_c_source(path):
            continue
        check_includes(path, text, headers, rep)
        if rep.wants("include-cycles") and not path.startswith(("tests/", "bench/")):
            record_edges(path, text, headers, graph)
        if rep.wants("function-length"):
            check_function_length(path, text, rep)
        if rep.wants("banned-calls"):
            check_banned_calls(path, text, rep)
    check_cycles(graph, rep)
    if rep.count:
        print("checksrc: %d violation%s" % (rep.count, "" if rep.count == 1 else "s"),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
