# The package's public names, for type checkers; __init__.py loads them lazily.

from .library import (
    DEFAULT_SCENARIO as DEFAULT_SCENARIO,
)
from .library import (
    bundled_names as bundled_names,
)
from .library import (
    bundled_path as bundled_path,
)
from .library import (
    resolve as resolve,
)
from .load import (
    from_document as from_document,
)
from .load import (
    loads as loads,
)
from .load_cached import (
    load as load,
)
from .load_cached import (
    load_scenario as load_scenario,
)
from .model import (
    Actor as Actor,
)
from .model import (
    Benchmark as Benchmark,
)
from .model import (
    Block as Block,
)
from .model import (
    Commodity as Commodity,
)
from .model import (
    Demand as Demand,
)
from .model import (
    Link as Link,
)
from .model import (
    Node as Node,
)
from .model import (
    Scenario as Scenario,
)
from .model import (
    Supply as Supply,
)
from .overrides import (
    DROP as DROP,
)
from .provenance import (
    Provenance as Provenance,
)
from .write import (
    to_toml as to_toml,
)
