"""bpo-assess: a skills self-assessment for careers in Business Process Outsourcing."""


def __getattr__(name: str) -> str:
    # `__version__` is looked up only when asked for: reading the installed metadata
    # costs every command a few milliseconds of start-up otherwise.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("bpo-assess")
        except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
            return "0+unknown"
    raise AttributeError(f"module 'bpo_assess' has no attribute {name!r}")
