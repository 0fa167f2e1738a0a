# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import aftersales_parts_consumption
from . import aftersales_claim_analysis
from . import aftersales_visit_analysis
from . import aftersales_service_exposure
from . import aftersales_service_forecast
