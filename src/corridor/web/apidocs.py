"""The API's documentation page, Swagger UI served from this server so that it works offline.

The assets come from the swagger-ui-py package; the page loads no script of its own inline
(the site's Content-Security-Policy allows none) but starts Swagger UI from /static/api-docs.js.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from ..errors import CorridorError

ASSETS = "/api/docs/assets"


def swagger_assets() -> Path:
    """The folder of Swagger UI's built files inside the installed swagger-ui-py package."""
    spec = find_spec("swagger_ui")
    folders = list(spec.submodule_search_locations or []) if spec else []
    if not folders or not (Path(folders[0]) / "static" / "swagger-ui-bundle.js").is_file():
        raise CorridorError("the API documentation needs Swagger UI: pip install swagger-ui-py")
    return Path(folders[0]) / "static"


def install_api_docs(app: FastAPI) -> None:
    """/api/docs and the files it loads, under /api/docs/assets."""
    app.mount(ASSETS, StaticFiles(directory=swagger_assets()), name="api-docs-assets")

    @app.get("/api/docs", include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        from .app import render

        return render(request, "api-docs.html", {"assets": ASSETS, "title": app.title})
