# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import test_analysis
from . import test_claim
from . import test_claim_steps
from . import test_claim_law_and_signatory
from . import test_dealer
from . import test_dealer_billing_once
from . import test_figures
from . import test_hooks
from . import test_legal_profile
from . import test_loan
from . import test_loan_claim_dates
from . import test_parts
from . import test_portal
from . import test_portal_customer_view
from . import test_security_company_isolation
from . import test_security_dealer_portal
from . import test_security_manager
from . import test_security_portal_claim_fields
from . import test_security_portal_claims
from . import test_security_public_warranty_check
from . import test_security_user_claim
from . import test_security_user_dealer_claim
from . import test_security_user_parts_costs
from . import test_security_user_supplier
from . import test_translation
from . import test_translation_data
from . import test_ui
from . import test_warranty_manual
from . import test_workflow_steps
from . import test_warranty_registration
from . import test_service_exposure
