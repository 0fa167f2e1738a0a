# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import aftersales_claim_reject
from . import aftersales_warranty_check
from . import aftersales_claim_lend
from . import aftersales_warranty_resell
from . import aftersales_visit_sign
from . import aftersales_service_exposure_curve
from . import aftersales_parts_forecast
from . import aftersales_parts_forecast_line
from . import aftersales_warranty_whatif
