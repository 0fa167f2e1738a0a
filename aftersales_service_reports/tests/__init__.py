# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import test_install
from . import test_reports
from . import test_reports_truth
from . import test_security_portal_documents
from . import test_commissioning_act
from . import test_warranty_reserve_report
