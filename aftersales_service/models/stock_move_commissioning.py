# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Warranties registered on delivery that wait for the commissioning."""

from datetime import timedelta

from odoo import models


class StockMoveCommissioning(models.Model):
    # One file per concern, as Odoo core splits its large models.
    _inherit = "stock.move"  # pylint: disable=consider-merging-classes-inherited

    def _prepare_aftersales_warranty_common_vals(self, policy, date_start, cache):
        vals = super()._prepare_aftersales_warranty_common_vals(
            policy, date_start, cache
        )
        if policy.start_trigger == "commissioning":
            # Dated from the delivery until the commissioning visit gives
            # its date; at the latest from the legal fallback day.
            profile = self.env["aftersales.legal.profile"].browse(
                vals["legal_profile_id"]
            )
            days = profile.commissioning_fallback_days
            vals.update(
                awaiting_commissioning=True,
                date_commissioning_due=date_start + timedelta(days=days)
                if days
                else False,
                state="upcoming",
            )
        return vals
