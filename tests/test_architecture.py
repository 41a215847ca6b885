"""The import rules of DESIGN.md, checked on the source: every import statement of every
module of the project (those inside functions too), read with the ast module.

Each module has a layer, from its place in the layout:
- extraction   claims/extraction: the pure engine, the standard library and its own libraries only
- matching     claims/matching: the claim-matching engine, the same rule with its own libraries
- checkworthiness   claims/checkworthiness: the check-worthiness engine, the same rule (numpy)
- models       models.py, roles.py and migrations: the rows and the roles
- tasks        tasks.py: thin Celery tasks
- services     everything else below the interfaces: services.py, selectors, the public
               cache and ClaimReview, params, display, importers
- api, pages, admin   the interfaces (admin: admin modules and the dashboard)
- commands     management commands: an interface of their own, calling services
- roots        where Django and Celery find the parts: claims/admin.py, claims/apps.py, sources/apps.py,
               factcheck/urls.py; they may import anything
- project      factcheck/: settings, cache, middleware, health...
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("claims", "sources", "factcheck")
ROOTS = {"claims.admin", "claims.apps", "sources.apps", "factcheck.urls"}
INTERFACES = ("api", "pages", "admin")
EXTRACTION_LIBRARIES = {"spacy", "threadpoolctl"}
MATCHING_LIBRARIES = {"bm25s", "Stemmer", "wordllama", "numpy", "regex"}
CHECKWORTHINESS_LIBRARIES = {"numpy"}
# The pure engines: no Django, no app, not each other; each has its own libraries.
ENGINES = {
    "extraction": EXTRACTION_LIBRARIES,
    "matching": MATCHING_LIBRARIES,
    "checkworthiness": CHECKWORTHINESS_LIBRARIES,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> str:
    parts = module.split(".")
    if module in ROOTS:
        return "roots"
    if parts[0] == "claims" and len(parts) > 1 and parts[1] in ENGINES:
        return parts[1]
    if parts[0] == "factcheck":
        return "project"
    if "migrations" in parts or parts[-1] == "models" or module == "claims.roles":
        return "models"
    if parts[-1] == "tasks":
        return "tasks"
    if "management" in parts:
        return "commands"
    if parts[-1].endswith("admin") or module == "claims.review.dashboard":
        return "admin"
    if parts[:2] == ["claims", "api"] and parts[-1] != "services":
        return "api"
    if parts[:2] == ["claims", "pages"]:
        return "pages"
    return "services"


def imports_of(module: str, source: str, known: set[str]) -> list[tuple[int, str]]:
    """(line, module imported) for every import in the source, relative ones resolved, and
    `from package import name` read as the module package.name where that is a module."""
    package = module if module in known and _is_package(module) else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.append((node.lineno, candidate if candidate in known else base))
    return found


def _is_package(module: str) -> bool:
    return (ROOT / module.replace(".", "/") / "__init__.py").exists()


def violation(importer: str, imported: str) -> str | None:
    """Why `importer` may not import `imported`, or None when it may."""
    here, top = layer(importer), imported.split(".")[0]
    if here == "roots":
        return None
    if here in ENGINES:
        own = imported == f"claims.{here}" or imported.startswith(f"claims.{here}.")
        ok = own or top in ENGINES[here] or top in sys.stdlib_module_names
        return None if ok else f"the {here} engine imports only the standard library and its own libraries"
    if top not in PACKAGES:
        return None  # Django, DRF, Celery and the rest: every layer may use its framework
    there = layer(imported)
    if importer.startswith("sources") and top == "claims":
        return "sources never imports claims"
    if here == "project" and top != "factcheck":
        if importer == "factcheck.health" and there == "services":
            return None  # the health check asks a service
        return "factcheck/ imports the apps only in urls.py (and the health check through a service)"
    if here == "models" and there in (*INTERFACES, "tasks", "services", "commands"):
        return "models, migrations and roles import no service, interface or task"
    if here in ("services", "tasks") and there in (*INTERFACES, "commands"):
        return f"{here} never import api, pages or admin"
    if here == "services" and there == "tasks":
        return "services send tasks by name, never import them"
    if here in INTERFACES and there in INTERFACES and there != here:
        return "api, pages and admin never import each other"
    if here in INTERFACES and there == "tasks":
        return "interfaces call services, which send tasks by name"
    if here == "commands" and there in INTERFACES:
        return "management commands call services, not interfaces"
    return None


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            modules[module_name(path)] = path
    return modules


def violations(sources: dict[str, str]) -> list[str]:
    known = set(sources)
    found = []
    for module, source in sorted(sources.items()):
        for line, imported in imports_of(module, source, known):
            why = violation(module, imported)
            if why:
                found.append(f"{module}:{line} imports {imported}: {why}")
    return found


def test_the_code_keeps_the_import_rules():
    sources = {name: path.read_text(encoding="utf-8") for name, path in project_modules().items()}
    assert violations(sources) == []


def test_every_module_has_a_layer_that_matches_the_layout():
    layers = {name: layer(name) for name in project_modules()}
    assert layers["claims.extraction.pipeline"] == "extraction"
    assert layers["claims.matching.engine"] == layers["claims.matching"] == "matching"
    assert layers["claims.checkworthiness"] == layers["claims.checkworthiness.model"] == "checkworthiness"
    assert layers["claims.pipeline.services"] == "services"
    assert layers["claims.pipeline.tasks"] == "tasks"
    assert layers["claims.review.admin"] == layers["claims.pipeline.admin"] == layers["claims.api.admin"] == "admin"
    assert layers["claims.api.quotes"] == "api" and layers["claims.api.services"] == "services"
    assert layers["claims.pages.public"] == "pages"
    assert layers["claims.roles"] == layers["claims.models"] == layers["sources.models"] == "models"
    assert layers["claims.public.selectors"] == layers["claims.display.charts"] == "services"


@pytest.mark.parametrize(
    ("module", "source", "rule"),
    [
        ("claims.pipeline.services", "from claims.api.quotes import QuoteList\n", "never import api"),
        ("claims.pipeline.services", "def f():\n    from claims.pipeline.tasks import extract_article\n", "by name"),
        ("claims.pages.public", "from claims.review.dashboard import dashboard\n", "never import each other"),
        ("claims.api.quotes", "from claims.pages import public\n", "never import each other"),
        ("claims.review.admin", "from claims.api.quotes import QuoteList\n", "never import each other"),
        ("claims.roles", "from claims.review.services import claim_verify\n", "models, migrations and roles"),
        ("claims.models", "from claims.pipeline import tasks\n", "models, migrations and roles"),
        ("sources.services", "from claims.models import Claim\n", "sources never imports claims"),
        ("sources.services", "from ..claims import models\n", "sources never imports claims"),
        ("factcheck.heartbeat", "from claims.models import WorkerHeartbeat\n", "factcheck/ imports the apps only"),
        ("factcheck.health", "from claims.models import WorkerHeartbeat\n", "factcheck/ imports the apps only"),
        ("claims.extraction.rules", "import django\n", "only the standard library"),
        ("claims.extraction.rules", "from claims.models import Claim\n", "only the standard library"),
        ("claims.matching.dense", "from django.db import models\n", "matching engine imports only"),
        ("claims.matching.engine", "from claims.extraction import extract\n", "matching engine imports only"),
        ("claims.matching.lexical", "import spacy\n", "matching engine imports only"),
        ("claims.checkworthiness.model", "import django\n", "checkworthiness engine imports only"),
        ("claims.checkworthiness.model", "from claims.extraction import extract\n", "checkworthiness engine imports only"),
        ("claims.checkworthiness.model", "import spacy\n", "checkworthiness engine imports only"),
    ],
)
def test_a_broken_rule_is_caught(module, source, rule):
    sources = {name: "" for name in project_modules()}
    sources[module] = source
    found = violations(sources)
    assert len(found) == 1 and rule in found[0], found


def test_what_the_rules_allow_is_not_reported():
    sources = {name: "" for name in project_modules()}
    sources.update({
        "claims.pages.public": "from claims.public.selectors import verified_quotes\nfrom claims.roles import is_editor\n",
        "claims.api.admin": "from claims.api.services import token_create\n",
        "claims.pipeline.services": "from sources.services import speaker_resolve\nimport spacy\n",
        "claims.extraction.rules": "import re\nimport spacy\nfrom .types import Kind\n",
        "claims.matching.dense": "import numpy as np\nfrom wordllama import WordLlama\nfrom .lexical import Candidate\n",
        "claims.matching.lexical": "import bm25s\nimport Stemmer\nimport regex\n",
        "claims.checkworthiness.model": "import json\nimport numpy as np\nfrom . import features\n",
        "claims.review.services": "from claims.checkworthiness import score\n",
        "factcheck.urls": "from claims.pages.public import home\n",
    })
    assert violations(sources) == []
