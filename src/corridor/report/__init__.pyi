# The package's public names, for type checkers; __init__.py loads them lazily.

from .build import (
    BUILDERS as BUILDERS,
)
from .build import (
    Options as Options,
)
from .build import (
    build_panel as build_panel,
)
from .build import (
    build_panels as build_panels,
)
from .build import (
    report_html as report_html,
)
from .html import (
    render_report as render_report,
)
from .panels import (
    ANALYSES as ANALYSES,
)
from .panels import (
    Panel as Panel,
)
