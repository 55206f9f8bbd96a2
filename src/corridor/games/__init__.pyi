# The package's public names, for type checkers; __init__.py loads them lazily.

from .concepts import (
    CONCEPTS as CONCEPTS,
)
from .concepts import (
    LeastCore as LeastCore,
)
from .concepts import (
    banzhaf as banzhaf,
)
from .concepts import (
    communication_edges as communication_edges,
)
from .concepts import (
    communication_graph as communication_graph,
)
from .concepts import (
    in_core as in_core,
)
from .concepts import (
    least_core as least_core,
)
from .concepts import (
    myerson as myerson,
)
from .concepts import (
    nucleolus as nucleolus,
)
from .concepts import (
    shapley as shapley,
)
from .fee import (
    FeeZone as FeeZone,
)
from .fee import (
    bypass_links as bypass_links,
)
from .fee import (
    compare_fees as compare_fees,
)
from .fee import (
    fee_zone as fee_zone,
)
from .fee import (
    nash_fee as nash_fee,
)
from .fee import (
    pipeline_coalition as pipeline_coalition,
)
from .fee import (
    shapley_fee as shapley_fee,
)
from .limits import (
    MAX_EXACT_PLAYERS as MAX_EXACT_PLAYERS,
)
from .power import (
    PowerReport as PowerReport,
)
from .power import (
    power_report as power_report,
)
from .power import (
    transit_actors as transit_actors,
)
from .roles import (
    role_label as role_label,
)
from .roles import (
    roles as roles,
)
from .sample import (
    SampledShapley as SampledShapley,
)
from .sample import (
    sample_shapley as sample_shapley,
)
from .values import (
    CoalitionValues as CoalitionValues,
)
from .values import (
    coalition_values as coalition_values,
)
from .why import (
    Reason as Reason,
)
from .why import (
    explain as explain,
)
