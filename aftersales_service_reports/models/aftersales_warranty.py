# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class AftersalesWarranty(models.Model):
    _name = "aftersales.warranty"
    _inherit = ["aftersales.warranty", "aftersales.report.document"]

    def _aftersales_not_started(self):
        """Whether this layer has not started yet (an extension that follows
        a warranty still running): its card says when it starts."""
        self.ensure_one()
        return self.state == "upcoming" or (
            self.state != "void" and self.date_start > fields.Date.context_today(self)
        )
