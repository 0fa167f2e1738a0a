# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import portal
from . import warranty_check
from . import dealer
from . import dealer_visit
