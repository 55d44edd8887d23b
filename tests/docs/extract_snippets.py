#!/usr/bin/env python3
"""Writes every ```cpp block of the given Markdown pages to OUT_DIR as a translation unit.

A block with main() is a whole program and is written as it stands (programs.txt lists them: they
are compiled and linked). Any other block is a fragment: it is compiled, not linked, after a
prelude with every public header; its #include, using and namespace-alias lines stay at file
scope and the rest goes into a function body, unless the block defines its own functions.
"""
import pathlib
import re
import sys

out_dir = pathlib.Path(sys.argv[1])
out_dir.mkdir(parents=True, exist_ok=True)
programs, fragments = [], []
for page in map(pathlib.Path, sys.argv[2:]):
    blocks = re.findall(r"^```cpp\n(.*?)^```", page.read_text(), re.S | re.M)
    for n, block in enumerate(blocks, 1):
        name = f"{page.stem.replace('-', '_')}_{n}.cpp"
        source = f"// {page.name}, block {n}\n"
        if re.search(r"\bmain\s*\(", block):
            programs.append(name)
            source += block
        else:
            fragments.append(name)
            lines = block.splitlines()
            scope = [l for l in lines if re.match(r"(#include|using |namespace \w+ = )", l)]
            body = [l for l in lines if l not in scope]
            source += '#include "prelude.hpp"\n' + "\n".join(scope) + "\n"
            if re.search(r"^(?!(if|for|while|switch|else|do|try|catch)\b)\w[^;=]*\)\s*(const\s*)?\{\s*$", block, re.M):
                source += "\n".join(body) + "\n"
            else:
                source += f"[[maybe_unused]] static void snippet_{n}() {{\n" + "\n".join(body) + "\n}\n"
        path = out_dir / name
        if not path.exists() or path.read_text() != source:
            path.write_text(source)
for stale in set(out_dir.glob("*.cpp")) - {out_dir / n for n in programs + fragments}:
    stale.unlink()
(out_dir / "programs.txt").write_text(";".join(programs))
(out_dir / "fragments.txt").write_text(";".join(fragments))
