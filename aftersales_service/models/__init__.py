# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import aftersales_legal_profile
from . import aftersales_failure_category
from . import aftersales_failure_code
from . import aftersales_warranty_policy
from . import aftersales_warranty
from . import aftersales_workflow_mixin
from . import aftersales_claim
from . import aftersales_claim_type
from . import aftersales_loan
from . import aftersales_labour_operation
from . import aftersales_dealer_contract
from . import aftersales_dealer_claim
from . import aftersales_parts_kit
from . import aftersales_supplier_claim
from . import aftersales_claim_document
from . import aftersales_dashboard
from . import aftersales_withdrawal_proposal
from . import account_move
from . import helpdesk_ticket
from . import product_category
from . import product_product
from . import product_supplierinfo
from . import product_template
from . import purchase_order
from . import repair_order
from . import res_company
from . import res_config_settings
from . import res_partner
from . import sale_order
from . import sale_order_line
from . import stock_location
from . import stock_lot
from . import stock_move
from . import stock_picking
from . import stock_warehouse
