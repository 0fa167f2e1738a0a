# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import test_claim
from . import test_legal_profile
from . import test_translation
from . import test_ui
from . import test_warranty_manual
from . import test_warranty_registration
