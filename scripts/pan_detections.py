#!/usr/bin/env python3
"""Turn `neardup compare --pairs LIST --format jsonl` output into PAN detection XMLs.

Usage:  python3 scripts/pan_detections.py COMPARE.jsonl OUT_DIR

Each JSON line is one comparison (schema v2). Document A is taken as the
suspicious document and B as the source, as in a pairs list written
`suspicious<TAB>source`. For every line one file is written to OUT_DIR, named
`<A stem>-<B stem>.xml` (file names without directories and without `.txt`),
holding one `detected-plagiarism` feature per shared passage, with the
passage's `char_start`/`char_end` as offsets and lengths (Unicode code points,
as PAN counts them). Lines carrying an `"error"` key get an empty file, so a
scorer sees the pair as "nothing detected". Standard library only.
"""
import json
import os
import sys
from xml.sax.saxutils import quoteattr


def stem(path):
    name = os.path.basename(path)
    return name[:-4] if name.endswith(".txt") else name


def xml(susp, source, passages):
    lines = ["<document reference=%s>" % quoteattr(susp)]
    for p in passages:
        a, b = p["a"], p["b"]
        lines.append(
            '<feature name="detected-plagiarism" this_offset="%d" this_length="%d" '
            "source_reference=%s source_offset=\"%d\" source_length=\"%d\"/>"
            % (a["char_start"], a["char_end"] - a["char_start"], quoteattr(source),
               b["char_start"], b["char_end"] - b["char_start"]))
    lines.append("</document>")
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    jsonl, out = argv[1], argv[2]
    os.makedirs(out, exist_ok=True)
    written = errors = 0
    with open(jsonl, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            c = json.loads(line)
            susp, source = c["a"]["path"], c["b"]["path"]
            if not susp or not source:
                sys.exit("%s:%d: record without document paths" % (jsonl, n))
            passages = [] if "error" in c else c["passages"]
            errors += "error" in c
            name = "%s-%s.xml" % (stem(susp), stem(source))
            with open(os.path.join(out, name), "w", encoding="utf-8") as g:
                g.write(xml(os.path.basename(susp), os.path.basename(source), passages))
            written += 1
    print("%d detection files written to %s (%d pairs with errors)" % (written, out, errors))


if __name__ == "__main__":
    main(sys.argv)
