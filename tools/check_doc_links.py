#!/usr/bin/python3
"""Checks that every relative link in README.md and docs/*.md resolves: the file exists and, for a link with
#anchor, the target has a heading with that anchor (GitHub's rule: lower case, punctuation dropped, spaces to
hyphens, -1, -2 … for repeats). Links inside code blocks and code spans are not links and are skipped.

    /usr/bin/python3 tools/check_doc_links.py        # from the repository root; exit 1 and one line per bad link
"""
import pathlib
import re
import sys

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def prose_lines(path):
    """The file's lines outside fenced code blocks."""
    fenced = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def anchors(path):
    seen = {}
    for _, line in prose_lines(path):
        heading = HEADING.match(line)
        if heading:
            text = re.sub(r"[`*]|<[^>]+>", "", heading.group(2))
            slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            yield slug if count == 0 else f"{slug}-{count}"


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    bad = []
    for page in pages:
        for number, line in prose_lines(page):
            for target in LINK.findall(re.sub(r"`[^`]*`", "``", line)):
                if re.match(r"[a-z]+:", target):
                    continue  # http:, https:, mailto: are not checked here
                file_part, _, anchor = target.partition("#")
                resolved = (page.parent / file_part).resolve() if file_part else page
                where = f"{page.relative_to(root)}:{number}: {target}"
                if not resolved.exists():
                    bad.append(f"{where}: no such file")
                elif anchor and resolved.suffix == ".md" and anchor not in set(anchors(resolved)):
                    bad.append(f"{where}: no heading with that anchor")
    for line in bad:
        print(line)
    print(f"{len(pages)} pages checked, {len(bad)} bad link(s)", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
