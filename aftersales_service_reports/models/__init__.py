# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import aftersales_report_document
from . import aftersales_claim
from . import aftersales_dealer_claim
from . import aftersales_dealer_contract
from . import aftersales_loan
from . import aftersales_warranty
from . import ir_actions_report
from . import aftersales_supplier_claim
from . import stock_picking
from . import fsm_order
from . import aftersales_warranty_reserve
