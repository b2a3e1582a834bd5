"""The documentation site at /docs: the pages `make docs` generates, and the renderer set-up fetched beside them."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

# In the checkout: docs/site is generated and checked in; docs/vendor holds Redoc's bundle, fetched by set-up.
DOCS = Path(__file__).resolve().parents[2] / "docs"


def docs_routes(site: Path = DOCS / "site", vendor: Path = DOCS / "vendor") -> list[BaseRoute]:
    """Routes serving `site` at /docs/ and `vendor` at /docs/vendor/; none where the site is not there."""
    if not site.is_dir():
        return []
    return [
        Mount("/docs/vendor", app=StaticFiles(directory=vendor, check_dir=False), name="docs_vendor"),
        Mount("/docs", app=StaticFiles(directory=site, html=True), name="docs"),
    ]
