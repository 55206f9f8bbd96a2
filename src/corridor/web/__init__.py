"""The web dashboard and JSON API: ``create_app()`` (FastAPI), served by ``corridor serve``."""

# The public names are listed once, in __init__.pyi (which type checkers read); each
# submodule is imported on first use, so `corridor --help` does not pay for pandas or scipy.
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
