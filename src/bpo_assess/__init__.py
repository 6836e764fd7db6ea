"""bpo-assess: a skills self-assessment for careers in Business Process Outsourcing."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bpo-assess")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0+unknown"
