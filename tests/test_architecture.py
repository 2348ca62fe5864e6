"""Dependencies point one way (docs/development.md, /ARCHITECTURE "Dependencies point one way").

Every project module's imports are read with `ast`, at any depth (a function-level import is a
dependency too), and turned into a graph between the apps. The rules:

- certificates knows no course or contest: it imports neither, and asks no app registry for
  their models; courses and contests declare what they owe through `certificates.sources`;
- no cycle between the apps;
- `common` imports no app, `accounts` only `common`; nothing imports `demo`, and only `demo`
  (which seeds every app) imports `portal`;
  `parindex` uses courses and contests only through their `public` modules.
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = [
    "common",
    "accounts",
    "portal",
    "courses",
    "contests",
    "certificates",
    "parindex",
    "legaldocs",
    "qa",
    "demo",
]
SKIP_PARTS = {"tests", "bench", "migrations", ".venv", "node_modules", "__pycache__", "locale"}

#: Edges that break a rule today for reasons outside the certificates refactoring; each names
#: who removes it. The test fails when one of them disappears, so the list only shrinks.
KNOWN_EDGES = {}

#: Files that break the certificates rule today and are being moved out of the app (none left:
#: the demo content moved to the `demo` app).
CERTIFICATES_MOVING_OUT = set()


def project_files():
    for app in APPS:
        folder = ROOT / app
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.py")):
            relative = path.relative_to(ROOT)
            if SKIP_PARTS.isdisjoint(relative.parts):
                yield relative


def module_name(relative):
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(relative):
    """(module, line) of every import in the file, relative imports resolved."""
    tree = ast.parse((ROOT / relative).read_text(), filename=str(relative))
    package = module_name(relative).split(".")
    if relative.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield module, node.lineno
            for alias in node.names:
                # `from courses import public` names the module courses.public.
                yield f"{module}.{alias.name}", node.lineno


def model_lookups(relative):
    """The app labels named in `apps.get_model(...)` / `_model(...)` calls of the file."""
    tree = ast.parse((ROOT / relative).read_text(), filename=str(relative))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if name not in ("get_model", "_model"):
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield first.value.split(".")[0], node.lineno


def app_of(module):
    top = module.split(".")[0]
    return top if top in APPS else None


def app_graph():
    """{(from_app, to_app): [where, ...]} over every project file."""
    edges = defaultdict(list)
    for relative in project_files():
        source = relative.parts[0]
        for module, line in imported_modules(relative):
            target = app_of(module)
            if target and target != source:
                edges[(source, target)].append(f"{relative}:{line} imports {module}")
    return edges


def test_certificates_knows_no_course_or_contest():
    found = []
    for relative in project_files():
        if relative.parts[0] != "certificates" or str(relative) in CERTIFICATES_MOVING_OUT:
            continue
        for module, line in imported_modules(relative):
            if app_of(module) in ("courses", "contests"):
                found.append(f"{relative}:{line} imports {module}")
        for label, line in model_lookups(relative):
            if label in ("courses", "contests"):
                found.append(f"{relative}:{line} looks up a model of {label}")
    assert not found, found


def find_cycle(edges):
    graph = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def rule_breaks(edges):
    """Edges that break the layering rules (besides cycles), with where they come from."""
    breaks = {}
    for (source, target), where in edges.items():
        upward = source == "common" or (source == "accounts" and target != "common")
        # The demo app seeds every app, portal included; nothing imports the demo app.
        if upward or target == "demo" or (target == "portal" and source != "demo"):
            breaks[(source, target)] = where
        elif source == "parindex" and target not in ("accounts", "common"):
            allowed = (f"{target}.public",)
            bad = [w for w in where if not w.split(" imports ")[1].startswith(allowed)]
            if bad:
                breaks[(source, target)] = bad
    return breaks


def test_the_apps_depend_one_way():
    edges = app_graph()
    unexpected = {
        edge: where[:3] for edge, where in rule_breaks(edges).items() if edge not in KNOWN_EDGES
    }
    assert not unexpected, unexpected
    cycle = find_cycle(edge for edge in edges if edge not in KNOWN_EDGES)
    assert cycle is None, (
        cycle,
        {edge: edges[edge][:3] for edge in zip(cycle, cycle[1:], strict=False)},
    )


def test_known_edges_still_exist():
    """An allow-listed edge or file that is gone must leave its list, so it cannot come back
    unseen."""
    edges = app_graph()
    gone = [edge for edge in KNOWN_EDGES if edge not in edges]
    gone += [path for path in CERTIFICATES_MOVING_OUT if not (ROOT / path).exists()]
    assert not gone, gone


def test_certificates_modules_import_each_other_one_way():
    """Inside certificates too: models, rendering, services, printing, tasks form no cycle, so
    none of them needs an import hidden inside a function."""
    modules = {module_name(relative): relative for relative in project_files()}
    edges = set()
    for name, relative in modules.items():
        if not name.startswith("certificates.") or str(relative) in CERTIFICATES_MOVING_OUT:
            continue
        for module, _line in imported_modules(relative):
            if module in modules and module != name and module.startswith("certificates."):
                edges.add((name, module))
    assert find_cycle(edges) is None, find_cycle(edges)


def test_wagtail_hooks_only_register():
    """Each app's wagtail_hooks.py registers what lives elsewhere (viewsets.py, admin_views.py,
    bulk_actions.py, …): it defines no class, so there is one place to look for each screen."""
    offenders = []
    for path in sorted(ROOT.glob("*/wagtail_hooks.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [
            f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
            for node in tree.body
            if isinstance(node, ast.ClassDef)
        ]
    assert offenders == []
