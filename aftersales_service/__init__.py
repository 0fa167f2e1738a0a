# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import controllers
from . import models
from . import report
from . import wizard
from .hooks import post_init_hook, uninstall_hook
