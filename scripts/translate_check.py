#!/usr/bin/env python3
"""Check and fill the English catalogue (locale/en/LC_MESSAGES/django.po) without extra packages.

    python scripts/translate_check.py                 # check: exit 1 on a problem
    python scripts/translate_check.py todo > todo.tsv # untranslated or fuzzy entries, one a line
    python scripts/translate_check.py apply done.tsv  # write translations back into the .po

The todo/apply format is one entry a line: ``N<TAB>msgid<TAB>translation`` (or just
``N<TAB>translation`` against the same, unchanged file) where N is the entry's number in the file, ``\\n`` stands for a newline and plural entries carry
``singular||plural`` in both columns. ``apply`` checks that entry N still has that msgid, so a
file made before a new ``makemessages`` run cannot land on the wrong string.

The check fails on an empty or fuzzy msgstr, and on a translation whose placeholders
(``%(name)s``, ``%s``, ``{{ var }}`` -> ``%(var)s`` in templates, ``{name}``) or HTML tags differ
from the msgid's.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"

PLACEHOLDER = re.compile(r"%\([a-zA-Z0-9_]+\)[sdif]|%[sdif]|\{[a-zA-Z0-9_]+\}")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)  # "#..." lines, flags included
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # 0 for a plain entry
    obsolete: bool = False

    @property
    def fuzzy(self) -> bool:
        return any(c.startswith("#,") and "fuzzy" in c for c in self.comments)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def unquote(s: str) -> str:
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    out, i, body = [], 0, s[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], "\\" + body[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def quote(s: str) -> str:
    return (
        '"'
        + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        + '"'
    )


def parse(text: str) -> list[Entry]:
    entries: list[Entry] = []
    cur = Entry()
    key: tuple[str, int] | None = None
    started = False

    def flush():
        nonlocal cur, started, key
        if started:
            entries.append(cur)
        cur, started, key = Entry(), False, None

    for raw in text.splitlines():
        line = raw
        if line.startswith("#~"):
            cur.obsolete = True
            line = line[2:].lstrip()
            if not line:
                continue
        if not line.strip():
            flush()
            continue
        if line.startswith("#"):
            if started and key is not None and key[0] == "msgstr":
                flush()
            cur.comments.append(line)
            continue
        m = re.match(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")\s*$", line)
        if m:
            kind, idx, value = m.group(1), m.group(2), unquote(m.group(3))
            if kind in ("msgctxt", "msgid") and started and key is not None and key[0] == "msgstr":
                flush()
            started = True
            key = (kind, int(idx) if idx else 0)
            if kind == "msgstr":
                cur.msgstr[key[1]] = value
            else:
                setattr(cur, kind, value)
            continue
        if line.startswith('"') and key is not None:
            value = unquote(line)
            if key[0] == "msgstr":
                cur.msgstr[key[1]] += value
            else:
                setattr(cur, key[0], getattr(cur, key[0]) + value)
            continue
        raise ValueError(f"cannot read .po line: {raw!r}")
    flush()
    return entries


def wrap(keyword: str, value: str) -> list[str]:
    if "\n" in value[:-1] or len(value) > 70:
        parts = re.findall(r"[^\n]*\n|[^\n]+$", value)
        return [f'{keyword} ""'] + [quote(p) for p in parts]
    return [f"{keyword} {quote(value)}"]


def render(entries: list[Entry]) -> str:
    blocks = []
    for e in entries:
        lines = list(e.comments)
        if e.msgctxt is not None:
            lines += wrap("msgctxt", e.msgctxt)
        lines += wrap("msgid", e.msgid)
        if e.msgid_plural is not None:
            lines += wrap("msgid_plural", e.msgid_plural)
            for i in sorted(e.msgstr):
                lines += wrap(f"msgstr[{i}]", e.msgstr[i])
        else:
            lines += wrap("msgstr", e.msgstr.get(0, ""))
        if e.obsolete:
            lines = [ln if ln.startswith("#") else "#~ " + ln for ln in lines]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def drop_fuzzy(e: Entry) -> None:
    kept = []
    for c in e.comments:
        if c.startswith("#,"):
            flags = [f.strip() for f in c[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            if flags:
                kept.append("#, " + ", ".join(flags))
        elif c.startswith("#|"):
            continue  # previous msgid of a fuzzy match
        else:
            kept.append(c)
    e.comments = kept


def template_vars(s: str) -> set[str]:
    # blocktranslate {{ var }} appears as %(var)s in the msgid already
    return set(PLACEHOLDER.findall(s))


def problems(entries: list[Entry]) -> list[str]:
    out = []
    for n, e in enumerate(entries):
        if e.obsolete or e.msgid == "":
            continue
        label = f"#{n} {e.msgid[:60]!r}"
        if e.fuzzy:
            out.append(f"{label}: fuzzy")
        if not e.translated:
            out.append(f"{label}: untranslated")
            continue
        for i, s in e.msgstr.items():
            src = e.msgid if (e.msgid_plural is None or i == 0) else e.msgid_plural
            want, got = template_vars(src), template_vars(s)
            if e.msgid_plural is not None:
                # a singular form may drop the number (“1 employee” → “one employee”)
                want = template_vars(e.msgid) | template_vars(e.msgid_plural)
                if not got <= want:
                    out.append(
                        f"{label}: msgstr[{i}] placeholders {sorted(got - want)} not in msgid"
                    )
            elif want != got:
                out.append(f"{label}: placeholders {sorted(want)} != {sorted(got)}")
            if sorted(TAG.findall(src)) != sorted(TAG.findall(s)):
                out.append(f"{label}: HTML tags differ")
    return out


def main(argv: list[str]) -> int:
    entries = parse(PO.read_text(encoding="utf-8"))
    cmd = argv[1] if len(argv) > 1 else "check"
    if cmd == "check":
        found = problems(entries)
        for p in found:
            print(p)
        live = [e for e in entries if not e.obsolete and e.msgid]
        print(
            f"{len(live)} messages, {sum(e.translated for e in live)} translated, {len(found)} problems"
        )
        return 1 if found else 0
    if cmd == "todo":
        for n, e in enumerate(entries):
            if e.obsolete or e.msgid == "" or (e.translated and not e.fuzzy):
                continue
            src = e.msgid if e.msgid_plural is None else f"{e.msgid}||{e.msgid_plural}"
            if e.msgctxt:
                src = f"[{e.msgctxt}] {src}"
            cur = "||".join(e.msgstr[i] for i in sorted(e.msgstr)) if e.fuzzy else ""
            print(f"{n}\t{src}\t{cur}".replace("\n", "\\n"))
        return 0
    if cmd == "apply":
        applied = 0
        for line in Path(argv[2]).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            cols = line.split("\t")
            n = int(cols[0])
            e = entries[n]
            # two columns (N, translation) trust N: only for a todo made from this very file
            src = cols[1].replace("\\n", "\n") if len(cols) == 3 else None
            tr = cols[-1].replace("\\n", "\n")
            expect = e.msgid if e.msgid_plural is None else f"{e.msgid}||{e.msgid_plural}"
            if e.msgctxt:
                expect = f"[{e.msgctxt}] {expect}"
            if src is not None and src != expect:
                raise SystemExit(f"entry {n} is now {expect!r}, not {src!r}: run todo again")
            if e.msgid_plural is None:
                e.msgstr = {0: tr}
            else:
                one, _, many = tr.partition("||")
                e.msgstr = {0: one, 1: many or one}
            drop_fuzzy(e)
            applied += 1
        PO.write_text(render(entries), encoding="utf-8")
        print(f"applied {applied}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
