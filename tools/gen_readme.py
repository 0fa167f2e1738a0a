# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Write each addon's README.rst from its manifest and its readme/*.md.

    python tools/gen_readme.py            write the README.rst of every addon
    python tools/gen_readme.py --check    exit 1 if one is not up to date
    python tools/gen_readme.py ADDON...   only these addon folders

The fragments are Markdown in the small subset the addons use: paragraphs,
``-`` and ``1.`` lists, ``**bold**``, ``*italic*``, ```code```, ``# titles``
and ``[links](url)``. Markdown and reStructuredText agree on lists, bold and
italic; code, links and titles are rewritten. HTML comments (the copyright
header of a fragment) are left out. Nothing but the standard library, so that
pre-commit runs it in a bare Python.
"""

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = """\
.. Copyright 2026 The After-Sales Service Authors
.. License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
.. Written by tools/gen_readme.py from __manifest__.py and readme/*.md: edit
.. those, then run `make readme`.
"""
# (fragment, title), in the order of the README; DESCRIPTION has no title.
SECTIONS = (
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
)
STATUS_COLOURS = {
    "Alpha": "red",
    "Beta": "yellow",
    "Production/Stable": "green",
    "Mature": "brightgreen",
}
LICENSE_URLS = {
    "AGPL-3": "https://www.gnu.org/licenses/agpl-3.0-standalone.html",
    "LGPL-3": "https://www.gnu.org/licenses/lgpl-3.0-standalone.html",
    "GPL-3": "https://www.gnu.org/licenses/gpl-3.0-standalone.html",
}
TITLE_MARKS = "=-~^"


def read_manifest(addon_dir):
    text = (addon_dir / "__manifest__.py").read_text(encoding="utf-8")
    return ast.literal_eval(text)


def _inline(text):
    """Markdown inline markup to reStructuredText."""
    # `code` -> ``code`` (leave what is already doubled alone).
    text = re.sub(r"(?<!`)`([^`\n]+)`(?!`)", r"``\1``", text)
    # [text](url) -> `text <url>`__
    text = re.sub(r"\[([^\]\n]+)\]\(([^)\s]+)\)", r"`\1 <\2>`__", text)
    return text


def _title(text, level):
    mark = TITLE_MARKS[level]
    return f"{text}\n{mark * len(text)}"


def md_to_rst(markdown, level=1):
    """The fragment as reStructuredText; its titles start at ``level``."""
    markdown = re.sub(r"<!--.*?-->\s*", "", markdown, flags=re.S)
    out = []
    for line in markdown.strip().splitlines():
        heading = re.match(r"^(#{1,4})\s+(.*?)\s*#*$", line)
        if heading:
            depth = min(level + len(heading.group(1)) - 1, len(TITLE_MARKS) - 1)
            if out and out[-1]:
                out.append("")
            out += [_title(heading.group(2), depth), ""]
            continue
        out.append(_inline(line.rstrip()))
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _badges(manifest):
    badges, targets = [], []
    status = manifest.get("development_status")
    if status:
        colour = STATUS_COLOURS.get(status, "lightgrey")
        slug = status.replace("/", "%2F").replace("-", "--")
        badges.append("|badge-status|")
        targets.append(
            f".. |badge-status| image:: https://img.shields.io/badge/"
            f"maturity-{slug}-{colour}.png\n    :alt: {status}"
        )
    license_ = manifest.get("license")
    if license_:
        badges.append("|badge-license|")
        target = LICENSE_URLS.get(license_)
        targets.append(
            f".. |badge-license| image:: https://img.shields.io/badge/"
            f"license-{license_.replace('-', '--')}-blue.png"
            + (f"\n    :target: {target}" if target else "")
            + f"\n    :alt: License: {license_}"
        )
    version = manifest.get("version")
    if version:
        badges.append("|badge-version|")
        targets.append(
            f".. |badge-version| image:: https://img.shields.io/badge/"
            f"version-{version}-informational.png\n    :alt: Version {version}"
        )
    return " ".join(badges), "\n".join(targets)


def _fragment(addon_dir, name):
    path = addon_dir / "readme" / f"{name}.md"
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        if re.sub(r"<!--.*?-->", "", text, flags=re.S).strip():
            return text
    return None


def build_readme(addon_dir):
    manifest = read_manifest(addon_dir)
    name = manifest["name"]
    parts = [HEADER, "=" * len(name) + f"\n{name}\n" + "=" * len(name)]
    badges, targets = _badges(manifest)
    if badges:
        parts += [targets, badges]
    if manifest.get("summary"):
        parts.append(f"*{' '.join(manifest['summary'].split())}*")
    description = _fragment(addon_dir, "DESCRIPTION")
    if description:
        parts.append(md_to_rst(description, level=1).strip())
    parts.append("**Table of contents**\n\n.. contents::\n   :local:")
    for fragment, title in SECTIONS:
        text = _fragment(addon_dir, fragment)
        if text:
            parts += [_title(title, 0), md_to_rst(text, level=1).strip()]
    parts.append(_title("Credits", 0))
    authors = [a.strip() for a in manifest.get("author", "").split(",") if a.strip()]
    if authors:
        parts += [_title("Authors", 1), "\n".join(f"- {a}" for a in authors)]
    contributors = _fragment(addon_dir, "CONTRIBUTORS")
    if contributors:
        parts += [_title("Contributors", 1), md_to_rst(contributors, 2).strip()]
    maintainers = manifest.get("maintainers") or []
    if maintainers or manifest.get("website"):
        lines = [_title("Maintainers", 1)]
        if maintainers:
            handles = ", ".join(
                f"`{m} <https://github.com/{m}>`__" for m in maintainers
            )
            lines.append(f"Current maintainers: {handles}.")
        if manifest.get("website"):
            lines.append(
                f"This module is part of `{manifest['website']} "
                f"<{manifest['website']}>`__, where you report issues and "
                "propose changes."
            )
        parts.append("\n\n".join(lines))
    return "\n\n".join(part.strip("\n") for part in parts) + "\n"


def addon_dirs(names):
    if names:
        return [Path(name).resolve() for name in names]
    return sorted(p.parent for p in ROOT.glob("*/__manifest__.py"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("addons", nargs="*", help="addon folders (default: all)")
    parser.add_argument(
        "--check", action="store_true", help="fail if a README.rst is not up to date"
    )
    args = parser.parse_args(argv)
    stale = []
    for addon_dir in addon_dirs(args.addons):
        readme = addon_dir / "README.rst"
        text = build_readme(addon_dir)
        current = readme.read_text(encoding="utf-8") if readme.exists() else None
        if current == text:
            continue
        stale.append(readme)
        if not args.check:
            readme.write_text(text, encoding="utf-8")
    for readme in stale:
        relative = readme.relative_to(ROOT) if readme.is_relative_to(ROOT) else readme
        verb = "is not up to date" if args.check else "written"
        print(f"{relative} {verb}")  # noqa: T201
    if args.check and stale:
        print("Run `make readme` and commit the result.")  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
