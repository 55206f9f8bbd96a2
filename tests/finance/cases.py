"""A small deal scenario whose cash flows, fee zone and risk are worked out by hand."""

from __future__ import annotations

SMALL_DEAL = """
[scenario]
name = "small-deal"
title = "Small deal"
base_year = 2018
discount_rate = { value = 10, unit = "%/yr", assumption = "test" }

[[actors]]
id = "S"
name = "Seller"

[[actors]]
id = "T"
name = "Transit"

[[actors]]
id = "B"
name = "Buyer"

[[nodes]]
id = "X"
name = "X"
lat = 0
lon = 0
assumption = "test"

[[nodes]]
id = "Y"
name = "Y"
lat = 0
lon = 1
territory = "T"
assumption = "test"

[[nodes]]
id = "Z"
name = "Z"
lat = 0
lon = 2
assumption = "test"

[[commodities]]
id = "gas"
kind = "gas"

[[supplies]]
id = "s"
node = "X"
owner = "S"
commodity = "gas"
assumption = "test"
blocks = [{ capacity = "10 bcm/yr", cost = "100 USD/1000m3" }]

[[demands]]
id = "d"
node = "Z"
owner = "B"
commodity = "gas"
assumption = "test"
blocks = [{ quantity = "6 bcm/yr", wtp = "400 USD/1000m3" }]

[[links]]
id = "xy"
from = "X"
to = "Y"
commodity = "gas"
control = ["S", "T"]
capacity = "20 bcm/yr"
unit_cost = "20 USD/1000m3"
assumption = "test"

[[links]]
id = "yz"
from = "Y"
to = "Z"
commodity = "gas"
control = ["T", "B"]
capacity = "20 bcm/yr"
unit_cost = "30 USD/1000m3"
assumption = "test"

[[links]]
id = "bypass"
from = "X"
to = "Z"
commodity = "gas"
control = ["S", "B"]
capacity = "20 bcm/yr"
unit_cost = "80 USD/1000m3"
assumption = "test"

[deal]
assumption = "test numbers, worked out by hand in tests/finance"
seller = "S"
buyer = "B"
transit = "T"
route = ["xy", "yz"]
start_year = { value = 2020 }
duration = "3 yr"
production_cost = "40 USD/1000m3"
alternative_price = "150 USD/1000m3"

[deal.price]
base = "100 USD/1000m3"

[deal.volume]
plateau = "2 bcm/yr"
ramp_up = ["1 bcm/yr"]

[deal.transit_fee]
kind = "fixed"
payer = "S"
fixed = "10 USD m/yr"
tariff = "2 USD/1000m3/100km"
length = "250 km"
reservation = "20 USD m/yr"

[[deal.capex]]
segment = "all"
amount = "60 USD m"
payer = "S"
build_years = 2
opex = "10 %/yr"

[deal.debt]
creditor = "S"
debtor = "T"
principal = "100 USD m"
written_off = "50 %"
instalments = 4
per_year = 2
agreement_year = { value = 2018 }
first_year = { value = 2019 }

[[deal.aid]]
donor = "B"
recipient = "T"
kind = "food"
amount = "5 USD m/yr"
first_year = { value = 2018 }
duration = "2 yr"
"""

RISK = """
[risk]
assumption = "test"

[[risk.parameters]]
id = "price"
target = "price"
distribution = "triangular"
unit = "1"
low = 0.8
mode = 1.0
high = 1.5

[risk.disruption]
actor = "T"
probability = "20 %"
spot_premium = "20 %"
duration = { distribution = "uniform", unit = "yr", low = 0.1, high = 0.5 }

[risk.guarantee]
kind = "insurance"
cost = "2 USD m/yr"
payer = "B"
cover = "100 %"
"""
