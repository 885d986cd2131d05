"""The command line: a thin typer layer over the typed core; it alone picks exit codes."""

from .app import app

__all__ = ["app"]
