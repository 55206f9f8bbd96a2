# The package's public names, for type checkers; __init__.py loads them lazily.

from .common import (
    ModelResult as ModelResult,
)
from .common import (
    weighted_mean as weighted_mean,
)
from .common import (
    weighted_median as weighted_median,
)
from .compromise import (
    compromise as compromise,
)
from .exchange import (
    ExchangeOptions as ExchangeOptions,
)
from .exchange import (
    exchange as exchange,
)
from .expected_utility import (
    ExpectedUtilityOptions as ExpectedUtilityOptions,
)
from .expected_utility import (
    expected_utility as expected_utility,
)
from .models import (
    MODEL_NAMES as MODEL_NAMES,
)
from .models import (
    model_runs as model_runs,
)
from .models import (
    run_models as run_models,
)
from .nash import (
    NashOptions as NashOptions,
)
from .nash import (
    nash_bargaining as nash_bargaining,
)
from .sensitivity import (
    ModelRun as ModelRun,
)
from .sensitivity import (
    Noise as Noise,
)
from .sensitivity import (
    SensitivityResult as SensitivityResult,
)
from .sensitivity import (
    monte_carlo as monte_carlo,
)
from .stopping import (
    DEFAULT_TOLERANCE as DEFAULT_TOLERANCE,
)
from .stopping import (
    StopRule as StopRule,
)
