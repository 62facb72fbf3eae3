#!/usr/bin/env python3
"""Typesets a tongbao bulletin.md with Typst, for a like-for-like PDF size comparison.

The issue that set the PDF targets quotes Typst on "an equivalent" bulletin. A PDF's size is
mostly its embedded font subsets, so it depends on how many distinct characters the text has;
the fair comparison is Typst on the *same* text with the *same* fonts. This script converts
tongbao's own Markdown (front matter, headings, paragraphs, the ranking table, colophon) into a
GB/T 9704-style Typst document that uses the Fandol fonts in `fonts/`, compiles it with Typst
(`pip install typst`, the Python binding of the Typst compiler; tagged PDF, as the CLI does by
default), and prints both PDFs' sizes.

Usage:
    cargo run --release -- build sample-data/linyi-kindergarten --out out/sample
    python3 benches/typst_reference.py out/sample/bulletin.md out/sample/bulletin.pdf

It is a measuring aid for engineers, not part of the tool or of its tests.
"""

import os
import re
import subprocess
import sys
import time

import typst
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PREAMBLE = r"""
#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),
  footer: context {
    let n = counter(page).get().first()
    set text(font: "FandolSong", size: 14pt)
    if calc.odd(n) { align(right)[— #n —#h(1em)] } else { align(left)[#h(1em)— #n —] }
  })
#set text(font: "FandolFang R", size: 16pt, lang: "zh")
#set par(first-line-indent: (amount: 2em, all: true), leading: 12.9pt, spacing: 12.9pt, justify: true)
#show heading.where(level: 1): it => {
  set text(font: "FandolHei", size: 16pt, weight: "regular")
  par(first-line-indent: (amount: 2em, all: true))[#it.body]
}
#show heading.where(level: 2): it => {
  set text(font: "FandolSong", size: 22pt, weight: "bold")
  align(center, it.body)
}
"""


def esc(text):
    """Typst markup escape."""
    return re.sub(r'([\\#*_\[\]<>@$`=~/-])', r'\\\1', str(text))


def cn_date(iso):
    y, m, d = (int(x) for x in str(iso).split("-"))
    return f"{y}年{m}月{d}日"


def header(front):
    out = []
    if front.get("secrecy"):
        out.append(f'#text(font: "FandolHei")[{esc(front["secrecy"])}]')
    big = f'#align(center, text(font: "FandolSong", weight: "bold", size: 36pt, fill: red)[{esc(front["header"])}])'
    if front.get("style") == "文件":
        out += ["#v(20mm)", big, "#v(2em)", f'#align(center)[{esc(front.get("doc_number", ""))}]']
    else:
        out += [
            big,
            f'#align(center)[第{front["issue"]}期]',
            f'#grid(columns: (1fr, auto))[{esc(front["office"])}][{cn_date(front["date"])}]',
        ]
    out.append("#line(length: 100%, stroke: 1pt + red)")
    out.append("#v(2em)")
    out.append(f'#align(center, text(font: "FandolSong", weight: "bold", size: 22pt)[{esc(front["title"])}])')
    out.append(f'#par(first-line-indent: 0pt)[{esc(front["addressee"])}：]')
    return out


def table(rows):
    n = len(rows[0])
    cells = [f"[{esc(c)}]" for r in rows for c in r]
    return [
        "#set text(size: 12pt)",
        "#set par(first-line-indent: 0pt)",
        f"#table(columns: {n}, align: center + horizon, table.header({', '.join(cells[:n])}), {', '.join(cells[n:])})",
    ]


def colophon(front):
    c = front["colophon"]
    out = ["#pagebreak()", "#v(1fr)", "#set text(size: 14pt)", "#line(length: 100%, stroke: 0.35mm)"]
    for label, key in (("抄送", "copy_to"), ("报", "report_to"), ("发", "send_to")):
        if c.get(key):
            out.append(f'#par(first-line-indent: 1em)[{label}：{esc("，".join(c[key]))}。]')
            out.append("#line(length: 100%, stroke: 0.25mm)")
    out.append(
        f'#grid(columns: (1fr, auto))[#h(1em){esc(c["printer"])}][{cn_date(c["print_date"])}印发#h(1em)]'
    )
    out.append("#line(length: 100%, stroke: 0.35mm)")
    return out


def convert(md):
    _, fm, body = md.split("---\n", 2)
    front = yaml.safe_load(fm)
    out = [PREAMBLE] + header(front)
    rows = []
    signed = False
    for line in body.strip("\n").split("\n"):
        if line.startswith("|"):
            if not re.match(r"^\|[-:| ]+\|$", line):
                rows.append([c.strip() for c in line.strip("|").split("|")])
            continue
        if rows:
            out += table(rows)
            rows = []
        if line.startswith("# 附件"):
            if not signed:
                out.append(f'#align(right)[{esc(front["signature"])}]')
                out.append(f'#align(right)[{cn_date(front["date"])}]')
                if front.get("contact"):
                    out.append(f'#par[（{esc(front["contact"])}）]')
                signed = True
            out.append("#pagebreak()")
            out.append(f'#text(font: "FandolHei")[{esc(line[2:])}]')
        elif line.startswith("## "):
            out.append(f"#heading(level: 2)[{esc(line[3:])}]")
        elif line.startswith("# "):
            out.append(f"= {esc(line[2:])}")
        elif line:
            out.append(esc(line) + " \\")
        else:
            out.append("")
    if rows:
        out += table(rows)
    out += colophon(front)
    return "\n".join(out)


def pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    match = re.search(r"Pages:\s+(\d+)", info)
    return match.group(1) if match else "?"


def main():
    if len(sys.argv) != 3:
        sys.exit("用法：typst_reference.py bulletin.md bulletin.pdf")
    md_path, ours = sys.argv[1], sys.argv[2]
    with open(md_path, encoding="utf-8") as f:
        source = convert(f.read())
    typ = os.path.splitext(ours)[0] + ".typst-reference.typ"
    with open(typ, "w", encoding="utf-8") as f:
        f.write(source)
    start = time.perf_counter()
    pdf = typst.compile(typ, font_paths=[os.path.join(ROOT, "fonts")], ignore_system_fonts=True)
    elapsed = time.perf_counter() - start
    out = os.path.splitext(typ)[0] + ".pdf"
    with open(out, "wb") as f:
        f.write(pdf)
    print(f"typst {typst.__version__} (in-process, {elapsed * 1000:.0f} ms): {len(pdf)} bytes, {pages(out)} pages -> {out}")
    print(f"tongbao: {os.path.getsize(ours)} bytes, {pages(ours)} pages -> {ours}")
    print(f"tongbao / typst = {os.path.getsize(ours) / len(pdf):.3f}")


if __name__ == "__main__":
    main()
