# The package's public names, for type checkers; __init__.py loads them lazily.

from .app import (
    Settings as Settings,
)
from .app import (
    create_app as create_app,
)
