#!/usr/bin/env python3
# The work of tests/fixes.sh (its header says what is checked), in one
# process per generation of the tools instead of a shell pipeline per step:
# on this kind of machine a process start costs milliseconds, and the
# shell version started some 16,000 of them (sort, sed, awk, jq, comm,
# cp, ...) per generation for about 2,000 runs of the tools under test.
# The only processes left are the checks themselves: maillint, postconf
# and doveconf (through chroot for a Debian 13 root), the fix commands
# maillint prints (postconf) and patch(1) for its --diff output.
#
#   fixes.py coverage MAILLINT FIXTURES CERTS_SH
#       step 0: every rule id is covered by fixtures or tests/certs.sh
#   fixes.py fix --gen NAME --tmp DIR ... (see main)
#       steps 1 and 2 for one generation, ending with its count line
#
# Lines are printed as tests/lib.sh prints them ("ok - ...", "not ok -
# ...", "skip - ..."); fixes.sh counts them. Each step keeps the meaning
# (and the message) of the shell step it replaces; where a shell tool's
# behaviour matters (sort and comm in C.UTF-8 are code point order, sed
# and awk edit line by line, $(...) drops trailing newlines, read trims
# blanks), the code below says so.
#
# A tool's output is kept in memory and reused while its tree is
# unchanged: `postconf -n` of the original (asked before the fixes) is the
# original's in the fix-scope comparison, and what postconf and doveconf
# say of maillint's --fix tree and of the hand-fixed tree is read once.
# Stdlib only.

import base64
import glob
import json
import os
import re
import stat
import subprocess
import sys
import time

WEAK_SETS = "docker-mailserver-2016 mailcow-2017 sovereign mailu-2016 imscp".split()
WS = " \t\n\r\f\v"          # [[:space:]]
AGE = time.mktime((2000, 1, 1, 0, 0, 0, 0, 0, -1))  # touch -t 200001010000
UMASK = os.umask(0o022)
os.umask(UMASK)


# ------------------------------------------------------------ text helpers
def dec(b):
    return b.decode("utf-8", "surrogateescape")


def enc(s):
    return s.encode("utf-8", "surrogateescape")


def bkey(s):
    """sort(1)/comm(1) order in C.UTF-8: code points, i.e. UTF-8 bytes"""
    return s.encode("utf-8", "surrogateescape")


def lines(s):
    """the lines sed, grep or sort read from s (a last line without its
    newline counts)"""
    if s == "":
        return []
    ls = s.split("\n")
    if ls[-1] == "":
        ls.pop()
    return ls


def ssort(ls):
    return sorted(ls, key=bkey)


def usort(ls):
    return sorted(set(ls), key=bkey)


def comm(a, b):
    """comm(1) of two sorted lists: [(column, line)] in its order"""
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        ka, kb = bkey(a[i]), bkey(b[j])
        if ka < kb:
            out.append((1, a[i]))
            i += 1
        elif ka > kb:
            out.append((2, b[j]))
            j += 1
        else:
            out.append((3, a[i]))
            i += 1
            j += 1
    out.extend((1, x) for x in a[i:])
    out.extend((2, x) for x in b[j:])
    return out


def comm3(a, b):      # comm -3: the lines of either file alone
    return [x for c, x in comm(a, b) if c != 3]


def comm13(a, b):     # comm -13: the lines of the second file alone
    return [x for c, x in comm(a, b) if c == 2]


def comm23(a, b):     # comm -23: the lines of the first file alone
    return [x for c, x in comm(a, b) if c == 1]


def words(s):
    """$(echo $x): the words of x joined by one blank"""
    return " ".join(awk_fields(s))


def awk_fields(line):
    return [f for f in re.split(r"[ \t\n]+", line) if f != ""]


def tail1(b):
    """$(tail -1 FILE)"""
    s = dec(b)
    if s.endswith("\n"):
        s = s[:-1]
    return s.rsplit("\n", 1)[-1].rstrip("\n")


def head1(b):
    """$(head -1 FILE)"""
    return dec(b).split("\n", 1)[0]


def cmdsubst(s):
    """$(...) drops the trailing newlines"""
    return s.rstrip("\n")


def b64(s):
    return base64.b64encode(s.encode("utf-8", "surrogatepass")).decode()


def shell_int(s):
    """the value of [ "$s" -gt ... ]'s operand, None when test rejects it"""
    m = re.fullmatch(r"[ \t]*([+-]?[0-9]+)[ \t]*", s)
    return int(m.group(1)) if m else None


# jq: string interpolation, "//" and truth
def jqs(v):
    if isinstance(v, str):
        return v
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e17:
        return str(int(v))
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def truthy(v):
    return v is not None and v is not False


def alt(a, b):
    """a // b"""
    return a if truthy(a) else b


def get(o, k):
    return o.get(k) if isinstance(o, dict) else None


def each(v):
    """.[]? of jq"""
    if isinstance(v, list):
        return v
    if isinstance(v, dict):
        return list(v.values())
    return []


def jq_gt0(v):
    """jq's `v > 0` (null < false < true < numbers < strings < ...)"""
    if v is None or isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return v > 0
    return True


def load_json(b):
    try:
        return json.loads(dec(b))
    except ValueError:
        return None


# ------------------------------------------------------- file tree helpers
def copy_file(src, dst):
    """cp SRC DST: the content (through links), the mode of a new file
    masked by the umask, an existing DST keeps its own"""
    new = not os.path.exists(dst)
    with open(src, "rb") as f, open(dst, "wb") as g:
        while True:
            buf = f.read(1 << 20)
            if not buf:
                break
            g.write(buf)
    if new:
        os.chmod(dst, stat.S_IMODE(os.stat(src).st_mode) & 0o777 & ~UMASK)


def copy_tree(src, dst):
    """cp -R SRC DST (DST new), or cp -R SRC/. DST/ (DST there): links
    copied as links"""
    if not os.path.isdir(dst):
        os.mkdir(dst)
        os.chmod(dst, stat.S_IMODE(os.stat(src).st_mode) & ~UMASK)
    for e in os.scandir(src):
        d = os.path.join(dst, e.name)
        if e.is_symlink():
            if os.path.lexists(d):
                os.unlink(d)
            os.symlink(os.readlink(e.path), d)
        elif e.is_dir():
            copy_tree(e.path, d)
        else:
            copy_file(e.path, d)


def rm_rf(path):
    if not os.path.lexists(path):
        return
    if os.path.islink(path) or not os.path.isdir(path):
        os.unlink(path)
        return
    for e in os.scandir(path):
        if e.is_dir(follow_symlinks=False):
            rm_rf(e.path)
        else:
            os.unlink(e.path)
    os.rmdir(path)


def find_files(top, rel="."):
    """find . -type f under top, in find's order: ./a/b"""
    out = []
    try:
        ents = list(os.scandir(os.path.join(top, rel)))
    except OSError:
        return out
    for e in ents:
        r = rel + "/" + e.name
        if e.is_symlink():
            continue
        if e.is_file(follow_symlinks=False):
            out.append(r)
        elif e.is_dir(follow_symlinks=False):
            out.extend(find_files(top, r))
    return out


def read_bytes(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def same_file(a, b):
    """cmp -s A B"""
    x, y = read_bytes(a), read_bytes(b)
    return x is not None and y is not None and x == y


def same_tree(a, b):
    """diff -r A B finds nothing (links followed, as diff does)"""
    try:
        na, nb = sorted(os.listdir(a)), sorted(os.listdir(b))
    except OSError:
        return False
    if na != nb:
        return False
    for n in na:
        pa, pb = os.path.join(a, n), os.path.join(b, n)
        try:
            sa, sb = os.stat(pa), os.stat(pb)
        except OSError:
            return False
        if stat.S_ISDIR(sa.st_mode) and stat.S_ISDIR(sb.st_mode):
            if not same_tree(pa, pb):
                return False
        elif stat.S_ISDIR(sa.st_mode) or stat.S_ISDIR(sb.st_mode):
            return False
        elif not same_file(pa, pb):
            return False
    return True


def age(root):
    """Postfix re-reads a main.cf modified within the last second until it
    is older (300 ms steps): date the tree's Postfix files back first
    (touch -c -t 200001010000 ROOT/etc/postfix/*)"""
    d = os.path.join(root, "etc/postfix")
    try:
        names = os.listdir(d)
    except OSError:
        return
    for n in names:
        if n.startswith("."):
            continue
        try:
            os.utime(os.path.join(d, n), (AGE, AGE))
        except OSError:
            pass


def shell_rc(rc):
    return 128 - rc if rc < 0 else rc


# ----------------------------------------------------------- the reporter
class Out:
    def __init__(self):
        self.p = self.f = self.s = 0

    def ok(self, msg):
        self.p += 1
        self.line("ok - " + msg)

    def not_ok(self, msg):
        self.f += 1
        self.line("not ok - " + msg)

    def skip(self, msg):
        self.s += 1
        self.line("skip - " + msg)

    @staticmethod
    def line(s):
        sys.stdout.write(s + "\n")

    def indent(self, ls):
        """echo "$x" | sed 's/^/  /'"""
        for x in ls:
            self.line("  " + x)


# --------------------------------------------------------------- coverage
def coverage(maillint, fixtures, certs_sh):
    out = Out()
    ids = []
    for p in ("default", "mozilla-intermediate", "mozilla-modern"):
        r = subprocess.run([maillint, "--list-rules", "--format", "json",
                            "--profile", p], stdout=subprocess.PIPE,
                           stdin=subprocess.DEVNULL)
        d = load_json(r.stdout)
        for rule in each(get(d, "rules")):
            ids.extend(lines(jqs(get(rule, "id"))))
    ids = usort(ids)
    if not ids:
        out.not_ok("maillint --list-rules --format json listed no rule")
    r = subprocess.run(["sh", certs_sh, "--list"], stdout=subprocess.PIPE,
                       stdin=subprocess.DEVNULL)
    cert_ids = set(lines(dec(r.stdout)))
    fires = []          # (case, expected.txt text) of fixtures/*-fires
    for f in sorted(glob.glob(os.path.join(glob.escape(fixtures), "*-fires/expected.txt")), key=bkey):
        t = read_bytes(f)
        if t is not None:
            fires.append((os.path.basename(os.path.dirname(f)), dec(t)))
    for rid in ids:
        lower = rid.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                            "abcdefghijklmnopqrstuvwxyz"))
        if rid in cert_ids:
            out.ok("coverage: %s fires and stays silent in tests/certs.sh's generated trees" % rid)
            continue
        tag = "[%s]" % rid
        hit = [n for n, t in fires if tag in t]
        if hit:
            out.ok("coverage: %s fires in %s" % (rid, "".join(n + " " for n in hit)))
        else:
            out.not_ok("coverage: no fixtures/*-fires/expected.txt reports %s" % rid)
        # ls -d FIXTURES/LOWER-clean FIXTURES/LOWER-*-clean (sorted by ls)
        clean = [os.path.join(fixtures, lower + "-clean")]
        clean = [c for c in clean if os.path.lexists(c)]
        clean += glob.glob(os.path.join(glob.escape(fixtures), glob.escape(lower) + "-*-clean"))
        clean = sorted(clean, key=bkey)
        if not clean:
            out.not_ok("coverage: no fixtures/%s-clean case" % lower)
            continue
        bad = ""
        for c in clean:
            t = read_bytes(os.path.join(c, "expected.txt")) \
                if os.path.isfile(os.path.join(c, "expected.txt")) else None
            if t is None or tag in dec(t):
                bad += " " + os.path.basename(c)
        if not bad:
            out.ok("coverage: %s silent in %s" % (rid, "".join(os.path.basename(c) + " " for c in clean)))
        else:
            out.not_ok("coverage: %s reported (or no expected.txt) in%s" % (rid, bad))
    sys.stdout.flush()
    return 0


# --------------------------------------------------------- one generation
# The command maillint prints, with its postconf made the generation's
# (`pc -c "$pfdir"`, as fixes.sh wrote it); run without a shell when its
# arguments are plain words and quoted strings, else by sh (eval).
PC_PREFIX = 'pc -c "$pfdir" '
PLAIN = re.compile(r"[A-Za-z0-9_@%+,./:=^{}!-]")
SH_PC = r'''
. "$GENTOOLS"
pfdir=$1
eval "$2"
'''
GENTOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gentools.sh")


def shell_words(s):
    """the words of s for sh when it has only blanks, plain characters,
    \\c, '...' and "..." without $ ` \\; else None (let sh read it)"""
    out = []
    i, n = 0, len(s)
    while True:
        while i < n and s[i] in " \t":
            i += 1
        if i >= n:
            return out
        w = []
        while i < n and s[i] not in " \t":
            c = s[i]
            if c == "'":
                j = s.find("'", i + 1)
                if j < 0:
                    return None
                w.append(s[i + 1:j])
                i = j + 1
            elif c == '"':
                j = s.find('"', i + 1)
                if j < 0 or any(x in s[i + 1:j] for x in "$`\\"):
                    return None
                w.append(s[i + 1:j])
                i = j + 1
            elif c == "\\" and i + 1 < n and s[i + 1] != "\n":
                w.append(s[i + 1])      # a quoted character
                i += 2
            elif PLAIN.match(c):
                w.append(c)
                i += 1
            else:
                return None
        out.append("".join(w))


def sh_quote_lines(s):
    """sed "s/'/'\\\\''/g; s/^/'/; s/\\$/'/": each line single-quoted"""
    ls = s.split("\n")
    if len(ls) > 1 and ls[-1] == "":
        ls.pop()
    return "\n".join("'" + x.replace("'", "'\\''") + "'" for x in ls)


def dovecot_block(scope, text):
    """TEXT inside the sections of SCOPE ("service imap-login/inet_listener
    imaps"), its last line ending with a newline (appended after a blank
    line, it leaves one more after it)"""
    out = []
    ind = ""
    for sec in scope.split("/"):
        out.append("%s%s {" % (ind, sec.strip(" \t\n")))
        ind += "  "
    out.append(ind + text)
    while ind:
        ind = ind[:-2]
        out.append(ind + "}")
    return "\n".join(out) + "\n"


def edit_lines(path, first, last, mode, text=""):
    """MODE uncomment: drop the leading '#' (after blanks, which go too) of
    lines FIRST..LAST; MODE replace: line FIRST becomes TEXT (with its old
    indentation), FIRST+1..LAST become empty, so that the line numbers of
    other edits stay valid. Like the awk and mv it replaces: every line
    ends with a newline, the file is a new one."""
    data = read_bytes(path)
    a, b = shell_int(first), shell_int(last)
    out = []
    for nr, ln in enumerate(lines(dec(data)), 1):
        if a is not None and b is not None and a <= nr <= b:
            if mode == "uncomment":
                ln = re.sub(r"^[ \t]*#", "", ln, count=1)
            elif nr == a:
                ln = re.match(r"[ \t]*", ln).group(0) + text
            else:
                ln = ""
        out.append(ln + "\n")
    with open(path + ".new", "wb") as f:
        f.write(enc("".join(out)))
    os.replace(path + ".new", path)


def dovecot_flat(text):
    """doveconf -n as "section/.../name = value" lines, sorted"""
    out, path, d = [], {}, 0
    for ln in lines(text):
        if ln.startswith("#"):
            continue
        if re.search(r"\{[ \t\n\r\f\v]*$", ln):
            x = ln.lstrip(WS)
            x = re.sub(r"[ \t\n\r\f\v]*\{[ \t\n\r\f\v]*$", "", x, count=1)
            d += 1
            path[d] = x
            continue
        if re.fullmatch(r"[ \t\n\r\f\v]*\}[ \t\n\r\f\v]*", ln):
            d -= 1
            continue
        if "=" in ln:
            out.append("".join(path.get(i, "") + "/" for i in range(1, d + 1)) + ln.lstrip(WS))
    return ssort(out)


def warnings(text):
    """grep -i 'warning\\|error\\|fatal' | sort -u"""
    return usort(x for x in lines(text) if re.search("warning|error|fatal", x, re.I))


class Job:
    """a tool started; wait() gives its (exit status, stdout, stderr)"""

    def __init__(self, argv, cwd, stdin, merge, devnull):
        self.input = stdin
        self.res = None
        self.p = subprocess.Popen(
            argv, cwd=cwd, stdin=subprocess.PIPE if stdin is not None else devnull,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT if merge else subprocess.PIPE)

    def wait(self):
        if self.res is None:
            out, err = self.p.communicate(self.input)
            self.res = (shell_rc(self.p.returncode), out, err or b"")
        return self.res


class Gen:
    def __init__(self, o):
        self.o = o
        self.out = Out()
        self.name = o["gen"]
        self.chroot = o["chroot"]
        self.tmp = o["tmp"]
        self.maillint = o["maillint"]
        self.keep = os.environ.get("FIXES_KEEP", "")
        self.cwd = os.getcwd()
        self.devnull = open(os.devnull, "rb")
        self.jobs = []
        self.q = {}

    # -- the tools
    # A question to a tool is a job, started as soon as the tree it is
    # about will not change any more and waited for where the check needs
    # its answer: the tools' time is spent side by side (postconf sleeps a
    # second before it exits on a fatal error). Every job of a case ends
    # before its trees are removed.
    def start(self, argv, cwd=None, stdin=None, merge=False):
        j = Job(argv, cwd or self.cwd, stdin, merge, self.devnull)
        self.jobs.append(j)
        return j

    def run(self, argv, **kw):
        return self.start(argv, **kw).wait()

    def tool(self, path_in_root, host, args, **kw):
        """the generation's postconf or doveconf; an argument that is a path
        inside the root is given as the tool sees it"""
        if not self.chroot:
            return self.start([host] + args, **kw)
        c = self.chroot
        args = [a[len(c):] if a.startswith(c + "/") else a for a in args]
        return self.start(["chroot", c, path_in_root] + args, **kw)

    def pc(self, args, **kw):
        return self.tool("/usr/sbin/postconf", self.o["postconf"], args, **kw)

    def dc(self, args, **kw):
        return self.tool("/usr/bin/doveconf", self.o["doveconf"], args, **kw)

    def ml(self, root, args, extra):
        return self.start([self.maillint, "--root", root] + extra + args)

    # asked once per tree state: only of a tree that no longer changes
    # (Postfix files dated back first)
    def ask(self, key, start):
        if key not in self.q:
            self.q[key] = start()
        return self.q[key]

    def ask_pc(self, tree, mode):
        """postconf -c TREE/etc/postfix MODE"""
        return self.ask(("pc", tree, mode), lambda: self.pc(["-c", tree + "/etc/postfix", mode]))

    def ask_dc(self, tree):
        """doveconf -n -c TREE/etc/dovecot/dovecot.conf"""
        return self.ask(("dc", tree), lambda: self.dc(["-n", "-c", tree + "/etc/dovecot/dovecot.conf"]))

    def ask_ml(self, tree, args, extra):
        """maillint --root TREE EXTRA ARGS"""
        return self.ask(("ml", tree) + tuple(extra), lambda: self.ml(tree, args, extra))

    def ur(self, s):
        """paths printed by a chroot'ed tool as the host sees them"""
        if not self.chroot:
            return s
        c = self.chroot
        return re.sub(r"(?m)(^|[^/A-Za-z0-9._-])/tmp/", lambda m: m.group(1) + c + "/tmp/", s)

    def norm(self, b, path, commas=False):
        """sed -e "$UR" [-e 's/, */,/g'] -e "s|PATH|ROOT|g" """
        s = self.ur(dec(b))
        if commas:
            s = re.sub(r", *", ",", s)
        return s.replace(path, "ROOT")

    def t(self, *p):
        return os.path.join(self.tmp, *p)

    # -- step 1: the fixes applied by hand
    def apply(self, root, j, case):
        """apply the fixes of JSON j to the tree ROOT; sets self.fixed (the
        rules to check) and self.exempt; False (after not_ok) when a fix
        cannot be applied"""
        pfdir = root + "/etc/postfix"
        # One line per command or edit, sorted (sort -u): the order in
        # which fixes.sh applied them. The command is used only when
        # every edit is on main.cf or master.cf: postconf cannot edit a
        # template such as main.cf.j2.
        recs = {}
        for f in each(get(j, "findings")):
            r = jqs(get(f, "rule"))
            fix = get(f, "fix")
            c = alt(get(fix, "command"), "")
            e = each(alt(get(fix, "edits"), []))
            if c != "" and all(re.search(r"(^|/)(main|master)\.cf$", jqs(get(x, "file"))) for x in e):
                ln = "C\t%s\t_%s" % (r, b64(jqs(c)))
                recs[ln] = ("C", r, jqs(c))
            elif len(e) == 0:
                recs["X\t%s" % r] = ("X", r)
            else:
                for x in e:
                    name = get(x, "name")
                    t = (jqs(get(x, "action")), jqs(get(x, "file")), jqs(get(x, "line")),
                         jqs(alt(get(x, "end_line"), get(x, "line"))),
                         jqs(alt(get(x, "scope"), "")), jqs(alt(name, "")),
                         jqs(alt(get(x, "value"), "")), "0" if name is None else "1")
                    ln = "E\t%s\t_%s\t_%s\t_%s\t_%s\t_%s\t_%s\t_%s\t_%s" % (
                        r, t[0], t[1], t[2], t[3], b64(t[4]), t[5], b64(t[6]), t[7])
                    recs[ln] = ("E", r) + t
        fixed, exempt = set(), set()
        phase_a, phase_b, phase_c = [], [], ""
        for ln in sorted(recs, key=bkey):
            rec = recs[ln]
            kind, rule = rec[0], rec[1]
            if kind == "X":
                exempt.add(rule)
                continue
            if kind == "C":
                fixed.add(rule)
                cmd = re.sub(r"(?m)^postconf ", PC_PREFIX, rec[2])
                phase_c += cmd.replace("&& postconf ", "&& " + PC_PREFIX) + "\n"
                continue
            action, file, line, end, scope, ename, value, hasname = rec[2:]
            scope, value = cmdsubst(scope), cmdsubst(value)
            if action == "text":
                exempt.add(rule)
                continue
            if action == "uncomment":
                fixed.add(rule)
                phase_a.append(("U", file, line, end, ""))
                continue
            if action != "set":
                self.out.not_ok("%s: %s: unknown edit action %s" % (case, rule, action))
                return False
            fixed.add(rule)
            base = file.rsplit("/", 1)[-1]
            product = "postfix" if "postfix/" in file else "dovecot"
            ln0 = shell_int(line)
            if product == "postfix" and base == "main.cf" and hasname == "1":
                phase_c += PC_PREFIX + "-e " + sh_quote_lines("%s = %s" % (ename, value)) + "\n"
            elif product == "postfix" and base == "master.cf" and hasname == "1":
                phase_c += PC_PREFIX + "-P " + sh_quote_lines("%s/%s=%s" % (scope, ename, value)) + "\n"
            elif hasname == "0":
                phase_b.append((file, value))
            elif ln0 is not None and ln0 > 0:
                phase_a.append(("R", file, line, end, cmdsubst("%s = %s" % (ename, value))))
            elif scope == "" or product == "postfix":
                phase_b.append((file, "%s = %s" % (ename, value)))
            else:
                phase_b.append((file, dovecot_block(scope, "%s = %s" % (ename, value))))
        # A: line edits (they keep line numbers), B: appends, C: postconf
        for op, file, line, end, text in phase_a:
            p = root + "/" + file
            if not os.path.isfile(p):
                self.out.not_ok("%s: fix edits %s, which does not exist" % (case, file))
                return False
            edit_lines(p, line, end, "uncomment" if op == "U" else "replace", text)
        for file, text in phase_b:
            p = root + "/" + file
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "ab") as f:
                f.write(enc("\n" + text + "\n"))
        # one command per line; "a && b" from maillint is split so that
        # every postconf has to succeed
        for cmd in phase_c.replace(" && ", "\n").split("\n"):
            if cmd == "":
                continue
            cmd = cmd.strip(" \t")          # read -r
            age(root)
            rc, out = self.fix_command(cmd, pfdir)
            if rc != 0:
                self.out.not_ok("%s: fix command failed: %s: %s" % (case, cmd, tail1(out)))
                return False
        self.exempt = usort(exempt)
        self.fixed = usort(fixed - exempt)
        return True

    def fix_command(self, cmd, pfdir):
        w = shell_words(cmd[len(PC_PREFIX):]) if cmd.startswith(PC_PREFIX) else None
        if w is not None:
            rc, out, _ = self.pc(["-c", pfdir] + w, merge=True).wait()
            return rc, out
        env = dict(os.environ, CHROOT=self.chroot, POSTCONF=self.o["postconf"],
                   GENTOOLS=GENTOOLS)
        r = subprocess.run(["sh", "-c", SH_PC, "sh", pfdir, cmd], cwd=self.cwd, env=env,
                           stdin=self.devnull, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return shell_rc(r.returncode), r.stdout

    # -- step 2: maillint's own editor
    def own_fix(self, name, fixed, args):
        """maillint --fix and --diff on the copies mfix and mpatch of orig,
        compared with FIXED (fixed with postconf)"""
        mfix, mpatch, orig = self.t("mfix"), self.t("mpatch"), self.t("orig")
        # --severity info: every fix the JSON has, as the hand-applied path
        rc, diff, _ = self.ask_ml(mpatch, args, ["--diff", "--severity", "info"]).wait()
        if rc > 2:
            self.out.not_ok("%s: maillint --diff exited %d" % (name, rc))
            return
        prc, pout, _ = self.run(["patch", "-s", "-p1", "--no-backup-if-mismatch"],
                                cwd=mpatch, stdin=diff, merge=True)
        if prc != 0:
            self.out.not_ok("%s: patch -p1 rejects the --diff output: %s" % (name, head1(pout)))
            return
        rc, _, err = self.ask_ml(mfix, args, ["--fix", "--severity", "info"]).wait()
        if rc > 2:
            self.out.not_ok("%s: maillint --fix exited %d" % (name, rc))
            return
        nf = [x for x in lines(dec(err)) if "not fixed:" in x]
        if nf:
            self.out.not_ok("%s: maillint --fix: %s" % (name, nf[0]))
            return
        # backups: exactly the changed files, each the original byte for byte
        bad = ""
        for b in [x for x in find_files(mfix) if x.endswith(".orig")]:
            f = b[:-len(".orig")]
            if not same_file(mfix + "/" + b, orig + "/" + f):
                bad += " " + f
            os.unlink(mfix + "/" + b)
        if bad:
            self.out.not_ok("%s: --fix backups differ from the originals:%s" % (name, bad))
            return
        if not same_tree(mfix, mpatch):
            self.out.not_ok("%s: --fix and --diff | patch give different trees" % name)
            # the details, from the tool this comparison stands for
            _, d, _ = self.run(["diff", "-r", mfix, mpatch], merge=True)
            self.out.indent(lines(dec(d))[:5])
            return
        dl = lines(dec(diff))
        for f in find_files(orig):
            pat = re.compile(re.escape("+++ b/" + f[2:]).replace(r"\.", "."))
            if not same_file(orig + "/" + f, mfix + "/" + f) and \
                    not any(pat.fullmatch(x) for x in dl):
                bad += " " + f
        if bad:
            self.out.not_ok("%s: --fix changed files its diff does not name:%s" % (name, bad))
            return
        edits = sum(1 for x in dl if x.startswith("+++ "))
        # the --fix tree is final: what the tools say of it (and of the
        # tree fixed by hand, asked already), fix_scope's -M with them
        age(mfix)
        has_pf = os.path.isfile(fixed + "/etc/postfix/main.cf")
        has_dc = os.path.isfile(fixed + "/etc/dovecot/dovecot.conf")
        if has_pf:
            for m in ("-n", "-P"):
                self.ask_pc(mfix, m)
        if os.path.isfile(orig + "/etc/postfix/main.cf"):
            self.ask_pc(mfix, "-M")
        if has_dc:
            self.ask_dc(mfix)
        if has_pf:
            _, out, _ = self.ask_pc(fixed, "-n").wait()
            pna = ssort(lines(self.norm(out, fixed, commas=True)))
            _, out, _ = self.ask_pc(mfix, "-n").wait()
            pnb = ssort(lines(self.norm(out, mfix, commas=True)))
            # pf_params: -P, blanks after commas dropped, sorted; then ROOT
            _, out, _ = self.ask_pc(fixed, "-P").wait()
            ppa = [x.replace(fixed, "ROOT") for x in ssort(lines(re.sub(r", *", ",", self.ur(dec(out)))))]
            _, out, _ = self.ask_pc(mfix, "-P").wait()
            ppb = [x.replace(mfix, "ROOT") for x in ssort(lines(re.sub(r", *", ",", self.ur(dec(out)))))]
            if pna == pnb and ppa == ppb:
                self.out.ok("%s: --fix (%d files) = postconf's fixes for postconf -n and -P" % (name, edits))
            else:
                self.out.not_ok("%s: --fix and postconf's fixes differ for postconf" % name)
                self.show_diff("pn", pna, pnb, 6)
                self.show_diff("pp", ppa, ppb, 6)
        if has_dc:
            _, out, err = self.ask_dc(fixed).wait()
            dna = [x for x in lines(self.norm(err + out, fixed)) if not x.startswith("# ")]
            _, out, err = self.ask_dc(mfix).wait()
            dnb = [x for x in lines(self.norm(err + out, mfix)) if not x.startswith("# ")]
            if dna == dnb:
                self.out.ok("%s: --fix (%d files) = the fixes applied by hand for doveconf -n" % (name, edits))
            else:
                self.out.not_ok("%s: --fix and the fixes applied by hand differ for doveconf -n" % name)
                self.show_diff("dn", dna, dnb, 8)

    def show_diff(self, stem, a, b, n):
        """diff A B | head -N | sed 's/^/  /' (only when they differ)"""
        fa, fb = self.t(stem + ".a"), self.t(stem + ".b")
        for p, ls in ((fa, a), (fb, b)):
            with open(p, "wb") as f:
                f.write(enc("".join(x + "\n" for x in ls)))
        _, d, _ = self.run(["diff", fa, fb], merge=True)
        self.out.indent(lines(dec(d))[:n])

    # -- the fixes change only what they name
    def fix_scope(self, name, allj):
        """between the original (orig) and maillint's --fix of it (mfix),
        every parameter that `postconf -n`/`-P` and every service that
        `postconf -M` show changed, and every setting that `doveconf -n`
        shows changed, is one that a fix names: the name it sets, a name in
        the text it appends or uncomments, or the name on the line it
        replaces; and the tools print no warning on the fixed tree that they
        did not print on the original. allj: the findings with --severity
        info (what --fix applies)."""
        orig, mfix = self.t("orig"), self.t("mfix")
        names, svcs = set(), set()
        for f in each(get(allj, "findings")):
            for x in each(get(get(f, "fix"), "edits")):
                action = jqs(get(x, "action"))
                file = jqs(get(x, "file"))
                line = jqs(alt(get(x, "line"), 0))
                end = jqs(alt(alt(get(x, "end_line"), get(x, "line")), 0))
                scope = jqs(alt(get(x, "scope"), ""))
                ename = jqs(alt(get(x, "name"), ""))
                value = jqs(alt(get(x, "value"), ""))
                if ename:
                    names.add(ename)
                if "master.cf" in file and scope:
                    svcs.add(scope)
                text = ""
                a, b = shell_int(line), shell_int(end)
                if action in ("uncomment", "set") and a is not None and a > 0 \
                        and os.path.isfile(orig + "/" + file):
                    # sed -n "A,Bp" FILE | sed 's/^[[:space:]]*#//'
                    fl = lines(dec(read_bytes(orig + "/" + file)))
                    sel = fl[a - 1:max(a, b if b is not None else a)]
                    text = cmdsubst("\n".join(re.sub(r"^[ \t\n\r\f\v]*#", "", y, count=1) for y in sel))
                if not ename:
                    text = text + "\n" + cmdsubst(value)
                # names: "-o name=" (master.cf), "name =" at a line start;
                # services: "name type" of a master.cf service line
                for y in text.split("\n"):
                    fs = awk_fields(y)
                    for i, w in enumerate(fs):
                        if w == "-o" and i < len(fs) - 1:
                            names.add(fs[i + 1].split("=")[0])
                        elif re.match(r"-o[a-z]", w):
                            names.add(w[2:].split("=")[0])
                    if re.match(r"[ \t\n\r\f\v]*[A-Za-z0-9_]+[ \t\n\r\f\v]*=", y):
                        names.add(re.sub(r"[ \t\n\r\f\v]*=.*", "", y.lstrip(WS), count=1, flags=re.S))
                    if "master.cf" in file and re.match(r"[^ \t\n\r\f\v#]", y) and len(fs) >= 8:
                        svcs.add(fs[0] + "/" + fs[1])
        bad = ""
        if os.path.isfile(orig + "/etc/postfix/main.cf"):
            age(orig)
            age(mfix)
            # The original's -n is the one asked before the fixes of the
            # same tree; what own_fix asked of the --fix tree is reused.
            jobs = {}
            for t, path in (("orig", orig), ("mfix", mfix)):
                jobs[t] = [self.orig_pcn if t == "orig" and self.orig_pcn is not None
                           else self.ask_pc(path, "-n"),
                           self.ask_pc(path, "-P"), self.ask_pc(path, "-M")]
            sn, sp, sm, swn = {}, {}, {}, {}
            for t, path in (("orig", orig), ("mfix", mfix)):
                base = self.case_root if t == "orig" and self.orig_pcn is not None else path
                _, out, err = jobs[t][0].wait()
                sw = self.norm(err, base)
                sn[t] = ssort(lines(self.norm(out, base)))
                _, out, err = jobs[t][1].wait()
                sw += self.norm(err, path)
                sp[t] = ssort(lines(self.norm(out, path, commas=True)))
                _, out, err = jobs[t][2].wait()
                sw += self.norm(err, path)
                sm[t] = ssort("%s/%s\t%s" % tuple((awk_fields(y) + ["", ""])[:2] + [y])
                              for y in lines(self.norm(out, path)))
                swn[t] = warnings(sw)
            # "name = value", or "name =" for an empty value
            x = comm23(usort(y.lstrip(WS).split(" =", 1)[0] for y in comm3(sn["orig"], sn["mfix"])),
                       ssort(names))
            if x:
                bad += "; postconf -n changed unnamed: " + words(" ".join(x))
            x = []
            for y in comm3(sp["orig"], sp["mfix"]):
                y = y.lstrip(WS).split(" =", 1)[0]
                s, ty, p = (y.split("/", 2) + ["", ""])[:3]
                if p.endswith("/") and "/" not in p[:-1]:
                    p = p[:-1]      # read drops a last delimiter
                if not (p in names and s + "/" + ty in svcs):
                    x.append("%s/%s/%s" % (s, ty, p))
            if x:
                bad += "; postconf -P changed unnamed: " + words(" ".join(x))
            x = comm23(usort(y.lstrip(WS).split("\t", 1)[0] for y in comm3(sm["orig"], sm["mfix"])),
                       ssort(svcs))
            if x:
                bad += "; postconf -M changed unnamed services: " + words(" ".join(x))
            x = comm13(swn["orig"], swn["mfix"])
            if x:
                bad += "; new postconf warning: " + x[0]
        # Dovecot: only where this generation's doveconf reads the original
        # and maillint targets its major.minor version (a 2.2 fix read by
        # doveconf 2.3 is converted, and warned about, by design)
        dnote = ""
        dtv = self.dtv
        dcv = self.o["dc_ver"]
        has_dc = os.path.isfile(orig + "/etc/dovecot/dovecot.conf")
        if has_dc and not self.dc0:
            dnote = "; Dovecot not compared: doveconf rejects the original"
        elif has_dc and dtv and ".".join(dtv.split(".")[:2]) != ".".join(dcv.split(".")[:2]):
            dnote = "; Dovecot not compared: target %s, doveconf %s" % (dtv, dcv)
        elif has_dc:
            # the original's, asked before the fixes of the same tree
            if self.dco is None:
                self.dco = self.ask_dc(orig)
                self.dco_base = orig
            dcm = self.ask_dc(mfix)
            sd, dwn = {}, {}
            for t, (_, out, err), base in (("orig", self.dco.wait(), self.dco_base), ("mfix", dcm.wait(), mfix)):
                sd[t] = dovecot_flat(self.norm(out, base))
                dwn[t] = warnings(self.norm(err, base))
            x = comm23(usort(re.sub(r"[ \t\n\r\f\v]*=.*", "", y.lstrip(WS), count=1, flags=re.S).rsplit("/", 1)[-1]
                             for y in comm3(sd["orig"], sd["mfix"])), ssort(names))
            if x:
                bad += "; doveconf -n changed unnamed: " + words(" ".join(x))
            x = comm13(dwn["orig"], dwn["mfix"])
            if x:
                bad += "; new doveconf warning: " + x[0]
        if not bad:
            self.out.ok("%s: the fixes change only what they name (%d names, %d services%s)"
                        % (name, len(names), len(svcs), dnote))
        else:
            self.out.not_ok("%s: the fixes change more than they name%s" % (name, bad))

    # -- one case
    @staticmethod
    def mx(dump):
        """the MX listeners with mandatory TLS in a --dump"""
        out = []
        for x in each(get(dump, "listeners")):
            if get(x, "product") == "postfix" and get(x, "port") == 25 and \
                    (truthy(get(x, "tls_required")) or get(x, "tls") == "implicit"):
                out.extend(jqs(get(x, "scope")).split("\n"))
        return usort(out)

    @staticmethod
    def pairs(j):
        """rule/listener pairs of the findings"""
        out = []
        for f in each(get(j, "findings")):
            r = jqs(get(f, "rule"))
            for s in each(alt(get(f, "listeners"), [get(f, "scope")])):
                out.extend(("%s %s" % (r, jqs(s))).split("\n"))
        return usort(out)

    def fix_case(self, case, root, args):
        """ROOT is a scratch copy"""
        self.q = {}
        try:
            self.fix_case1(case, root, args)
        finally:
            for j in self.jobs:
                j.wait()
            self.jobs = []

    def fix_case1(self, case, root, args):
        self.case_root = root
        self.dco = self.orig_pcn = None
        pf0 = dc0 = False
        # the original, asked before the fixes; postconf's -n and
        # doveconf's -n are kept for fix_scope (as the copy orig's)
        age(root)
        if os.path.isfile(root + "/etc/postfix/main.cf"):
            self.orig_pcn = self.pc(["-c", root + "/etc/postfix", "-n"])
        if os.path.isfile(root + "/etc/dovecot/dovecot.conf"):
            self.dco = self.dc(["-n", "-c", root + "/etc/dovecot/dovecot.conf"])
            self.dco_base = root
        jb = self.ml(root, args, ["--format", "json"])
        jd = self.ml(root, args, ["--dump", "--format", "json"])
        if self.orig_pcn is not None:
            pf0 = self.orig_pcn.wait()[0] == 0
        if self.dco is not None:
            dc0 = self.dco.wait()[0] == 0
        self.dc0 = dc0
        _, bj, _ = jb.wait()
        _, dump, _ = jd.wait()
        dump = load_json(dump)
        mx_before = self.mx(dump)
        v = get(get(dump, "dovecot"), "version")
        self.dtv = jqs(v).split("\n")[0].strip(" \t") if truthy(v) else ""
        before = load_json(bj)
        findings = get(before, "findings")
        if not truthy(findings):
            self.out.not_ok("%s: maillint gave no JSON" % case)
            return
        nfind = len(findings) if isinstance(findings, (list, dict, str)) else 0
        if nfind == 0:
            if self.chroot:
                self.out.skip("%s: nothing to fix for this generation's target" % case)
            else:
                self.out.not_ok("%s: no finding to fix" % case)
            return
        rules_before = set()
        for f in each(findings):
            rules_before.update(jqs(get(f, "rule")).split("\n"))
        pairs_before = self.pairs(before)
        for d in ("mfix", "mpatch", "orig"):
            rm_rf(self.t(d))
        for d in ("mfix", "mpatch", "orig"):
            copy_tree(root, self.t(d))
        # The copy orig stays the original and mpatch is read by --diff
        # before patch changes it: their questions go first, then the
        # fixes by hand (on root), then root's. (--fix runs on mfix only
        # once the --diff checks passed, as before.)
        orig = self.t("orig")
        age(orig)
        self.ask_ml(self.t("mpatch"), args, ["--diff", "--severity", "info"])
        self.ask_ml(orig, args, ["--format", "json", "--severity", "info"])
        if os.path.isfile(orig + "/etc/postfix/main.cf"):
            self.ask_pc(orig, "-P")
            self.ask_pc(orig, "-M")
        if not self.apply(root, before, case):
            return
        age(root)
        if os.path.isfile(root + "/etc/postfix/main.cf"):
            self.ask_pc(root, "-n")
            self.ask_pc(root, "-P")
        if os.path.isfile(root + "/etc/dovecot/dovecot.conf"):
            self.ask_dc(root)
        self.ask_ml(root, args, ["--format", "json"])
        self.ask_ml(root, args, ["--dump", "--format", "json"])
        self.own_fix(case, root, args)
        _, aj, _ = self.ask_ml(orig, args, ["--format", "json", "--severity", "info"]).wait()
        self.fix_scope(case, load_json(aj))
        if self.keep:
            d = os.path.join(self.keep, self.name, case[len(self.name) + 1:])
            os.makedirs(d, exist_ok=True)
            copy_tree(root, d)
        if os.path.isfile(root + "/etc/postfix/main.cf"):
            rc, _, err = self.ask_pc(root, "-n").wait()
            if rc == 0:
                self.out.ok("%s: postconf -n accepts the fixed main.cf/master.cf" % case)
            elif not pf0:
                self.out.skip("%s: postconf rejected the original too" % case)
            else:
                self.out.not_ok("%s: postconf -n rejects the fixed configuration: %s"
                                % (case, head1(err)))
        if os.path.isfile(root + "/etc/dovecot/dovecot.conf"):
            rc, _, err = self.ask_dc(root).wait()
            if rc == 0:
                self.out.ok("%s: doveconf -n accepts the fixed dovecot.conf" % case)
            elif not dc0:
                self.out.skip("%s: doveconf rejected the original too" % case)
            else:
                m = [x for x in lines(dec(err)) if re.search("error|fatal", x, re.I)]
                self.out.not_ok("%s: doveconf -n rejects the fixed configuration: %s"
                                % (case, m[0] if m else ""))
        _, aj, _ = self.ask_ml(root, args, ["--format", "json"]).wait()
        after = load_json(aj)
        fixed = set(self.fixed)
        left, new = set(), set()
        for f in each(get(after, "findings")):
            for y in ("%s %s:%s" % (jqs(get(f, "rule")), jqs(get(f, "file")), jqs(get(f, "line")))).split("\n"):
                fs = awk_fields(y) + ["", ""]
                if fs[0] in fixed:
                    left.add("%s at %s" % (fs[0], fs[1]))
                if get(f, "severity") == "error" and jq_gt0(get(f, "line")) and fs[0] not in rules_before:
                    new.add("%s at %s" % (fs[0], fs[1]))
        if not new:
            self.out.ok("%s: the fixes write no line that is an error" % case)
        else:
            self.out.not_ok("%s: new errors at configuration lines after the fixes" % case)
            self.out.indent(usort(new))
        # Re-linting shows no new finding of any rule, any severity, on any
        # listener or setting (a fix must not uncover or cause another one).
        x = comm13(pairs_before, self.pairs(after))
        if not x:
            self.out.ok("%s: re-linting the fixed tree shows no new finding" % case)
        else:
            self.out.not_ok("%s: new findings after the fixes (rule scope)" % case)
            self.out.indent(x)
        # Never mandatory TLS on the MX port: inbound mail would stop
        # (RFC 3207; postconf(5) smtpd_tls_security_level).
        _, dump, _ = self.ask_ml(root, args, ["--dump", "--format", "json"]).wait()
        x = comm13(mx_before, self.mx(load_json(dump)))
        if not x:
            self.out.ok("%s: no fix makes TLS mandatory on port 25" % case)
        else:
            self.out.not_ok("%s: a fix makes TLS mandatory on port 25 (inbound mail stops):%s"
                            % (case, words(" ".join(x))))
        if not left:
            ex = "; text-only: %s" % "".join(r + " " for r in self.exempt) if self.exempt else ""
            self.out.ok("%s: fixed rules gone (%s%s)" % (case, "".join(r + " " for r in self.fixed), ex))
        else:
            self.out.not_ok("%s: still reported after the fixes" % case)
            self.out.indent(usort(left))

    # -- the cases
    def target_args(self, root):
        """the maillint arguments that make the generation's versions the
        target (after a case's own args: the last one wins)"""
        if not self.chroot:
            return []
        a = ["--postfix-version", self.o["pf_ver"]]
        conf = read_bytes(root + "/etc/dovecot/dovecot.conf")
        if conf is not None and re.search(rb"(?m)^[ \t\r\f\v]*dovecot_config_version[ \t\r\f\v]*=", conf):
            a += ["--dovecot-version", self.o["dc_ver"]]
        return a

    @staticmethod
    def expand(s, cwd):
        """an unquoted $args: its words, each a pattern for the file names
        it matches in cwd"""
        out = []
        for w in awk_fields(s):
            if any(c in w for c in "*?["):
                m = sorted((os.path.relpath(x, cwd) for x in
                            glob.glob(os.path.join(glob.escape(cwd), w))), key=bkey)
                if m:
                    out.extend(m)
                    continue
            out.append(w)
        return out

    def fix_all(self):
        """every *-fires fixture and weak corpus set, fixed and checked with
        the generation's tools; then the generation's count line"""
        o = self.o
        c = " (chroot %s)" % self.chroot if self.chroot else ""
        self.out.line("# %s: Postfix %s, Dovecot %s%s" % (self.name, o["pf_ver"], o["dc_ver"], c))
        fixtures = o["fixtures"]
        case = self.t("case")
        for d in sorted(glob.glob(glob.escape(fixtures) + "/*-fires/"), key=bkey):
            d = d.rstrip("/")
            n = os.path.basename(d)
            args = ""
            if os.path.isfile(d + "/args"):
                args = cmdsubst(dec(read_bytes(d + "/args")))
            # A case of the command line with no host tree (a file under
            # a temporary name): run_fixtures.sh checks it; its rules'
            # fixes are checked on their own etc/ cases.
            if not os.path.isdir(d + "/etc"):
                self.out.skip("%s %s: no host tree (a command-line case)" % (self.name, n))
                continue
            rm_rf(case)
            os.makedirs(case)
            copy_tree(d + "/etc", case + "/etc")
            # Debian 13's protocols.d, where a fixture has it
            if os.path.isdir(d + "/usr"):
                copy_tree(d + "/usr", case + "/usr")
            # files its args name (a baseline) and its .maillint.yaml
            for f in sorted(glob.glob(glob.escape(d) + "/*"), key=bkey) + [d + "/.maillint.yaml"]:
                b = os.path.basename(f)
                if os.path.isfile(f) and not (b.startswith("expected.") or b in ("README", "args")):
                    copy_file(f, case + "/" + b)
            # from the case's folder, as run_fixtures.sh runs it (its args
            # may name files there)
            self.cwd = case
            self.fix_case("%s %s" % (self.name, n), case,
                          self.expand(args, case) + self.target_args(case))
            self.cwd = o["cwd"]

        # Weak corpus sets, staged as in tests/corpus.sh (Debian's stock
        # dovecot.conf under conf.d-only sets, conf.d templates under their
        # deployed names).
        corpus = o["corpus"]
        if os.path.isdir(corpus):
            for s in WEAK_SETS:
                src = corpus + "/" + s
                if not os.path.isdir(src):
                    self.out.not_ok("%s corpus/%s: not found" % (self.name, s))
                    continue
                rm_rf(case)
                os.makedirs(case + "/etc")
                if os.path.isdir(src + "/postfix"):
                    copy_tree(src + "/postfix", case + "/etc/postfix")
                if os.path.isdir(src + "/dovecot"):
                    if any(os.path.isfile(src + "/dovecot/" + f)
                           for f in ("dovecot.conf", "dovecot.conf.j2", "dovecot.conf.tpl")):
                        copy_tree(src + "/dovecot", case + "/etc/dovecot")
                    else:
                        copy_tree(corpus + "/debian-bookworm/dovecot", case + "/etc/dovecot")
                        copy_tree(src + "/dovecot", case + "/etc/dovecot")
                    cd = glob.escape(case + "/etc/dovecot/conf.d")
                    for f in sorted(glob.glob(cd + "/*.j2"), key=bkey) + sorted(glob.glob(cd + "/*.tpl"), key=bkey):
                        t = f.rsplit(".", 1)[0]
                        if os.path.isfile(f) and not os.path.exists(t):
                            os.rename(f, t)
                entries = ["/etc/postfix/" + f for f in
                           ("main.cf", "main.cf.j2", "main.cf.tpl", "master.cf", "master.cf.j2", "master.cf.tpl")
                           if os.path.isfile(case + "/etc/postfix/" + f)]
                if os.path.isfile(case + "/etc/dovecot/dovecot.conf"):
                    entries.append("/etc/dovecot/dovecot.conf")
                self.fix_case("%s corpus/%s" % (self.name, s), case, entries + self.target_args(case))
        else:
            # have_corpus: a CORPUS= naming no directory is a failure of
            # its own (a mistyped path must not pass as a skip)
            if o["corpus_given"]:
                self.out.not_ok("CORPUS=%s is not a directory" % corpus)
            self.out.skip("corpus not found at %s: corpus checks skipped "
                          "(set CORPUS=/path/to/shared/corpus to run them)" % corpus)
        self.out.line("# %s: %d passed, %d failed, %d skipped"
                      % (self.name, self.out.p, self.out.f, self.out.s))


def main(argv):
    sys.stdout.reconfigure(errors="surrogateescape")
    if len(argv) == 5 and argv[1] == "coverage":
        return coverage(argv[2], argv[3], argv[4])
    if len(argv) < 2 or argv[1] != "fix":
        sys.stderr.write("usage: fixes.py coverage MAILLINT FIXTURES CERTS_SH\n"
                         "       fixes.py fix --gen NAME --tmp DIR --chroot ROOT|'' "
                         "--pf-ver V --dc-ver V --maillint M --fixtures DIR --corpus DIR "
                         "--corpus-given yes|'' --postconf P --doveconf D\n")
        return 2
    keys = ("gen", "tmp", "chroot", "pf-ver", "dc-ver", "maillint", "fixtures",
            "corpus", "corpus-given", "postconf", "doveconf")
    o = {}
    it = iter(argv[2:])
    for k in it:
        if not k.startswith("--") or k[2:] not in keys:
            sys.stderr.write("fixes.py: unknown option %s\n" % k)
            return 2
        o[k[2:].replace("-", "_")] = next(it, "")
    missing = [k for k in keys if k.replace("-", "_") not in o]
    if missing:
        sys.stderr.write("fixes.py: missing --%s\n" % " --".join(missing))
        return 2
    o["cwd"] = os.getcwd()
    Gen(o).fix_all()
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
