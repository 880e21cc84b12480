#!/usr/bin/env python3
"""report-dom.py - the sections of a report page as a browser rendered it,
checked against the indicator set that declares them (report-browser.bats).

usage: report-dom.py INDICATORS DOM
INDICATORS is an indicator file (dcr-indicators(5)), DOM the page as
Chromium's --dump-dom serialised it. Prints "NAME ok" for each section of
INDICATORS, in its order, when the page has that section with its heading
(the title, and the zone when it groups by time or shows local times; in a
month's report, whose <title> names no day, the month_title of a section
that has one, and its month_group as the grouping), its table (a th with
scope=col per column, a td per column in every row), its totals= table,
and, when the section declares a chart (bar= or html_bar=), its SVG: a
<title> naming a column of the table, a <desc>, and per row of the table
one bar label naming the row's grouping cells, with a <rect> and the row's
value, or the "<10 *" of a hidden one; when it declares html_line=, its
SVG with a filled point per row with a number in that column, whose
<title> is the row's label and value. A section of period=month is in a
month's report only: in a day's (its <title> names a day) it must be
absent. Prints "NAME: what is wrong"
otherwise, and a line for each section the page has and the set does not.
Reads the set and the page with nothing of dcr's.
"""
import html.parser
import re
import shlex
import sys

ZONE = "Europe/Amsterdam"
VOID = {"meta", "br", "img", "hr", "input", "link", "col", "source", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.kids = []

    def text(self):
        return "".join(k if isinstance(k, str) else k.text() for k in self.kids)

    def all(self, tag):
        for k in self.kids:
            if isinstance(k, Node):
                if k.tag == tag:
                    yield k
                yield from k.all(tag)

    def elems(self):
        return [k for k in self.kids if isinstance(k, Node)]


class Tree(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.cur = Node("#root", [], None)

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.kids.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.kids.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.kids.append(data)


def sections(path):
    out = []
    for line in open(path, encoding="utf-8"):
        if not line.startswith("section="):
            continue
        rec = dict(w.split("=", 1) for w in shlex.split(line))
        if "field" not in rec:
            out.append(rec)
    return out


def table_problem(t):
    ths = list(t.all("th"))
    if not ths:
        return "a table without a header", None
    if any(th.attrs.get("scope") != "col" for th in ths):
        return "a th without scope=col", None
    body = [[td.text() for td in tr.all("td")] for tr in next(t.all("tbody")).all("tr")]
    if not body:
        return "a table without rows", None
    if any(len(r) != len(ths) for r in body):
        return "a row without a cell per column", None
    return None, ([th.text() for th in ths], body)


def chart_problem(svg, cols, body):
    # (the parser lowers the names of attributes)
    if svg.attrs.get("role") != "img" or "viewbox" not in svg.attrs:
        return "an SVG without role=img and viewBox"
    title = [e.text() for e in svg.elems() if e.tag == "title"]
    desc = [e.text() for e in svg.elems() if e.tag == "desc"]
    if len(title) != 1 or title[0] not in cols:
        return "a chart whose <title> names no column of the table"
    if len(desc) != 1 or not desc[0]:
        return "a chart without its <desc>"
    col = cols.index(title[0])
    bars = []
    for e in svg.elems():
        if e.tag == "text" and e.attrs.get("text-anchor") == "end":
            bars.append({"label": e.text(), "rect": 0, "value": None})
        elif bars and e.tag == "rect":
            bars[-1]["rect"] += 1
        elif bars and e.tag == "text" and "text-anchor" not in e.attrs and bars[-1]["value"] is None:
            bars[-1]["value"] = e.text()
    if len(bars) != len(body):
        return "bars for %d of %d rows" % (len(bars), len(body))
    for b, row in zip(bars, body):
        if any(part not in row for part in b["label"].split(" · ")):
            return "a bar label that names no row: %s" % b["label"]
        want = row[col] + " *" if row[col].startswith("<") else row[col]
        if b["value"] != want or b["rect"] != (0 if row[col].startswith("<") else 1):
            return "the bar of %s does not show its row's value" % b["label"]
    return None


def line_problem(svg, cols, body):
    if svg.attrs.get("role") != "img" or "viewbox" not in svg.attrs:
        return "an SVG without role=img and viewBox"
    title = [e.text() for e in svg.elems() if e.tag == "title"]
    if len(title) != 1 or title[0] not in cols:
        return "a line chart whose <title> names no column of the table"
    if not [e for e in svg.elems() if e.tag == "desc" and e.text()]:
        return "a line chart without its <desc>"
    col = cols.index(title[0])
    # the input's points are filled; those of the month before are hollow
    got = [e.text() for e in svg.elems() if e.tag == "circle" and e.attrs.get("fill") != "#fff"]
    want = ["%s: %s" % (" · ".join(r[:col]), r[col]) for r in body if r[col] and not r[col].startswith("<")]
    if got != want:
        return "points %s, not %s" % (got[:3], want[:3])
    return None


def heading(sec, month):
    """The h2 of a section: its title, and the zone of its local times."""
    title = sec.get("month_title", sec["title"]) if month else sec["title"]
    group = sec.get("month_group", sec["group"]) if month else sec["group"]
    return title + (" (%s)" % ZONE if "ts:" in group or sec.get("tz") else "")


def check(sec, node, month):
    want = heading(sec, month)
    h2 = [e.text() for e in node.elems() if e.tag == "h2"]
    if h2 != [want]:
        return "heading %r, not %r" % (h2, want)
    tables = list(node.all("table"))
    if not tables:
        return "no table"
    problem, tab = table_problem(tables[0])
    if problem:
        return problem
    if sec.get("totals"):
        if sec["totals"] not in [e.text() for e in node.all("h3")] or len(tables) < 2:
            return "no %s table" % sec["totals"]
        problem, _ = table_problem(tables[1])
        if problem:
            return sec["totals"] + ": " + problem
    if sec.get("html_bar") or sec.get("bar"):
        figs = [f for f in node.all("figure") if f.attrs.get("class") == "chart"]
        svgs = [s for f in figs for s in f.all("svg")]
        if len(svgs) != 1:
            return "%d charts, not one" % len(svgs)
        problem = chart_problem(svgs[0], *tab)
        if problem:
            return problem
    if sec.get("html_line"):
        figs = [f for f in node.all("figure") if f.attrs.get("class") == "chart"]
        svgs = [s for f in figs for s in f.all("svg")]
        if len(svgs) != 1:
            return "%d charts, not one" % len(svgs)
        problem = line_problem(svgs[0], *tab)
        if problem:
            return problem
    if not list(node.all("dt")):
        return "no legend"
    return None


def main():
    ind, dom = sys.argv[1], sys.argv[2]
    t = Tree()
    t.feed(open(dom, encoding="utf-8").read())
    found = {}
    for s in t.root.all("section"):
        h2 = [e.text() for e in s.elems() if e.tag == "h2"]
        found.setdefault(h2[0] if h2 else "", []).append(s)
    expected = set()
    titles = [e.text() for e in t.root.all("title")]
    day = bool(titles) and bool(re.search(r"\d{4}-\d{2}-\d{2}", titles[0]))
    for sec in sections(ind):
        want = heading(sec, not day)
        nodes = found.get(want, [])
        if day and sec.get("period") == "month":
            print("%s %s" % (sec["section"], "ok") if not nodes else "%s: in a day's report" % sec["section"])
            continue
        expected.add(want)
        if len(nodes) != 1:
            print("%s: %d sections headed %r" % (sec["section"], len(nodes), want))
            continue
        problem = check(sec, nodes[0], not day)
        print("%s %s" % (sec["section"], "ok") if not problem else "%s: %s" % (sec["section"], problem))
    for h in found:
        if h not in expected and h != "Notes":
            print("a section the indicator set does not declare: %r" % h)


if __name__ == "__main__":
    main()
