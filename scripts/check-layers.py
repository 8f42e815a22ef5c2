#!/usr/bin/env python3
"""Checks that every import inside each crate of the workspace points down its layers, and
that no files import each other in a circle. Between crates the compiler keeps the order (the
library cannot name the application: it does not depend on it). The layers, bottom first (the
code tour in docs/layout.md says the same):

  the library, crates/latch/src/:
  0 i18n/          the languages: catalogues, the page's locale, dates
  1 auth/          what both targets compile: the profile, validation, the error type
  2 auth/server/   the account rules (server only; no HTTP)
  3 web/           what both doors share on the server: config, state, cookie, database, locale
  3 mail/          the outbox's SMTP sender and the development outbox page
  4 api/           the JSON door              4 server_fns/  the browser's door
  5 client/        the browser's plumbing: server calls, form actions, JSON, the auth state
  6 pages/         the pages
  7 server/        router, middleware, the application it serves (`site`), start-up
  8 testing.rs     an application's test server (feature `testing`), lib.rs

  the application, src/:
  0 app.rs, allocator.rs
  1 lib.rs, main.rs

  the Notes example, examples/notes/src/:
  0 texts/   1 model.rs   2 server/   3 notes.rs (pages, server functions)   4 app.rs   5 lib.rs, main.rs

A file may import from a lower layer, or from its own folder (and that folder's own files);
never upward and never sideways into another folder of its layer. Exit 1 on any breach.
`--root DIR` checks a copy of the tree (the check's own test plants a breach in one).
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRATES = {
    "crates/latch/src": [("i18n/", 0), ("auth/server/", 2), ("auth/", 1), ("web/", 3), ("mail/", 3), ("api/", 4),
                         ("server_fns/", 4), ("client/", 5), ("pages/", 6), ("server/", 7), ("testing.rs", 8),
                         ("lib.rs", 8)],
    "src": [("app.rs", 0), ("allocator.rs", 0), ("lib.rs", 1), ("main.rs", 1)],
    "examples/notes/src": [("texts/", 0), ("model.rs", 1), ("server/", 2), ("notes.rs", 3), ("app.rs", 4),
                           ("lib.rs", 5), ("main.rs", 5)],
}
SRC = LAYERS = None


def layer(rel):
    for prefix, number in LAYERS:
        if rel == prefix or rel.startswith(prefix):
            return prefix, number
    raise SystemExit(f"check-layers: {rel} is in no layer; add it to LAYERS")


def module_path(rel):
    parts = rel[:-3].split("/")
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return parts


def file_of(path):
    """The file that defines the longest prefix of a module path."""
    for end in range(len(path), 0, -1):
        for candidate in ("/".join(path[:end]) + ".rs", "/".join(path[:end]) + "/mod.rs"):
            if (SRC / candidate).is_file():
                return candidate
    return None


def expand(tree):
    """`a::{b, c::{d, e}}` -> ['a::b', 'a::c::d', 'a::c::e']."""
    tree = re.sub(r"\s+", "", tree)
    if "{" not in tree:
        return [tree]
    head, rest = tree.split("{", 1)
    inner, depth, items, current = rest[:-1], 0, [], ""
    for ch in inner:
        depth += ch == "{"
        depth -= ch == "}"
        if ch == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [head + leaf for item in items if item for leaf in expand(item)]


def imports(rel, text):
    here = module_path(rel)
    text = re.sub(r"//[^\n]*", "", text)
    paths = []
    for tree in re.findall(r"\buse\s+((?:crate|super|self)::[^;]+);", text):
        paths += expand(tree)
    paths += re.findall(r"(?<![:\w])(?:crate|super|self)(?:::\w+)+", text)
    # Paths that start at a child module this file declares (`server::store::User`).
    for child in re.findall(r"\bmod\s+(\w+)\s*;", text):
        paths += ["self::" + p for p in re.findall(rf"(?<![:\w]){child}(?:::\w+)+", text)]
    for path in paths:
        parts = [p for p in path.split("::") if p and p != "*"]
        if parts[0] == "crate":
            target = parts[1:]
        else:
            target = list(here)
            while parts and parts[0] in ("self", "super"):
                if parts.pop(0) == "super":
                    target = target[:-1]
            target += parts
        found = file_of(target)
        if found and found != rel:
            yield found


def main():
    global SRC, LAYERS
    root = pathlib.Path(sys.argv[2]) if sys.argv[1:2] == ["--root"] else ROOT
    failed = 0
    for folder, layers in CRATES.items():
        SRC, LAYERS = root / folder, layers
        failed |= check_crate(folder)
    return failed


def check_crate(crate):
    files = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.rs"))
    edges, breaches = {}, []
    for rel in files:
        text = (SRC / rel).read_text()
        # Unit tests may reach anywhere in their own module; they are not part of the layering.
        text = text.split("#[cfg(test)]")[0]
        folder, number = layer(rel)
        edges[rel] = set(imports(rel, text))
        for target in edges[rel]:
            target_folder, target_number = layer(target)
            if target_number > number or (target_number == number and target_folder != folder):
                breaches.append(f"{rel} (layer {number}) imports {target} (layer {target_number})")
    # A folder's mod.rs declares and re-exports its own files: that is the module tree, not an
    # import, so its edges down into its folder are left out of the circle search.
    downward = {rel: {t for t in targets if is_own_child(rel, t)} for rel, targets in edges.items()}
    cycles = find_cycles({rel: targets - downward[rel] for rel, targets in edges.items()})
    for cycle in cycles:
        breaches.append("import circle: " + " -> ".join(cycle + [cycle[0]]))
    for breach in breaches:
        print(breach)
    count = sum(len(t) for t in edges.values())
    print(f"check-layers: {crate}: {len(files)} files, {count} imports between them, {len(breaches)} breaches")
    return 1 if breaches else 0


def is_own_child(rel, target):
    folder = rel[: -len("mod.rs")] if rel.endswith("/mod.rs") else None
    return folder is not None and target.startswith(folder)


def find_cycles(edges):
    """Strongly connected components with more than one file (Tarjan)."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in list(edges):
        if node not in index:
            visit(node)
    return result


if __name__ == "__main__":
    sys.exit(main())
