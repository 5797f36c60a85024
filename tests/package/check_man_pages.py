#!/usr/bin/env python3
"""The man pages cannot fall behind the code (ctest: man_pages_complete).

- every command of cli/main.c's table has a section (a "## NAME" heading in
  docs/man/tocao-commands/) and appears as a subsection of the rendered tocao(1);
- every key of common/conf.c's table is in tocao.conf(5) and in the packaged
  template deploy/tocao.conf, where its commented value is the daemon's default
  (tc_conf_defaults(); keys it leaves unset are false, 0 or none).

Usage: check_man_pages.py SOURCE_DIR MAN_BUILD_DIR
"""
import os
import re
import subprocess
import sys


def main():
    src, man_dir = sys.argv[1], sys.argv[2]
    errors = []

    main_c = open(os.path.join(src, 'cli/main.c'), encoding='utf-8').read()
    commands = re.findall(r'^\s*\{"([a-z][a-z-]*)",\s*cmd_\w+,', main_c, re.M)
    if len(commands) < 10:
        errors.append('found only %d commands in cli/main.c: is the table\'s format changed?'
                      % len(commands))
    env = dict(os.environ, MANWIDTH='100', LC_ALL='C.UTF-8')
    page = subprocess.run(['man', '-l', os.path.join(man_dir, 'tocao.1')], env=env,
                          capture_output=True, text=True, check=True).stdout
    sections = set(re.findall(r'^   (\S+)\s*$', page, re.M))
    frag_dir = os.path.join(src, 'docs/man/tocao-commands')
    for cmd in commands:
        frag = os.path.join(frag_dir, cmd + '.scd')
        if not os.path.exists(frag):
            errors.append('tocao(1): no docs/man/tocao-commands/%s.scd for the command "%s"'
                          % (cmd, cmd))
        elif not open(frag, encoding='utf-8').read().startswith('## %s\n' % cmd):
            errors.append('docs/man/tocao-commands/%s.scd must start with "## %s"' % (cmd, cmd))
        if cmd not in sections:
            errors.append('tocao(1): the rendered page has no section "%s"' % cmd)
    for frag in sorted(os.listdir(frag_dir)):
        if frag.endswith('.scd') and frag[:-4] not in commands:
            errors.append('docs/man/tocao-commands/%s: no such command in cli/main.c' % frag)

    conf_c = open(os.path.join(src, 'common/conf.c'), encoding='utf-8').read()
    keys = re.findall(r'\{"([a-z_]+)",\s*(?:STR\(|NUM\((K_[A-Z]+))', conf_c)
    defaults = dict(re.findall(r'c->([a-z_]+) = ([^;]+);', conf_c))
    defaults.update(re.findall(r'snprintf\(c->([a-z_]+), sizeof\(c->\w+\), "([^"]*)"\)', conf_c))
    man5 = open(os.path.join(src, 'docs/man/tocao.conf.5.scd'), encoding='utf-8').read()
    template = open(os.path.join(src, 'deploy/tocao.conf'), encoding='utf-8').read()
    shown = dict(re.findall(r'^#([a-z_]+) = (.*)$', template, re.M))
    if re.search(r'^[a-z_]+\s*=', template, re.M):
        errors.append('deploy/tocao.conf: a key is set; the template only shows the defaults')
    if len(keys) < 40:
        errors.append('found only %d keys in common/conf.c' % len(keys))
    for name, kind in keys:
        if not re.search(r'^[^\n]*\*%s\*[^\n]*\(default: ' % name, man5, re.M):
            errors.append('tocao.conf(5): no entry for the key "%s"' % name)
        if name not in shown:
            errors.append('deploy/tocao.conf: no "#%s = ..." line' % name)
            continue
        want = defaults.get(name)
        if want is None and kind:
            want = 'false' if kind == 'K_BOOL' else '0'
        if want is not None and shown[name] != want:
            errors.append('deploy/tocao.conf: %s = %s, but the daemon\'s default is %s'
                          % (name, shown[name], want))
    for name in shown:
        if name not in dict(keys):
            errors.append('deploy/tocao.conf: "%s" is not a key of common/conf.c' % name)

    for e in errors:
        print('FAIL ' + e)
    if not errors:
        print('ok: %d commands in tocao(1), %d keys in tocao.conf(5) and deploy/tocao.conf'
              % (len(commands), len(keys)))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
