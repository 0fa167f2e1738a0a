# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

# The longest report a dealer types when closing a visit.
MAX_REPORT = 5000


class FsmOrder(models.Model):
    _inherit = "fsm.order"  # pylint: disable=consider-merging-classes-inherited

    def _aftersales_dealer_close(self, report):
        """The portal dealer closes its visit with a short report. The visit
        must be readable by the user (the portal rule keeps other dealers'
        out) and given to the user's dealer; the report is text."""
        self.ensure_one()
        self.check_access("read")
        dealer = self.env.user.partner_id.commercial_partner_id
        visit = self.sudo()
        if visit.aftersales_dealer_id.commercial_partner_id != dealer:
            raise AccessError(
                self.env._("Visit %(visit)s is not given to you.", visit=visit.name)
            )
        if visit.is_closed:
            raise UserError(
                self.env._("Visit %(visit)s is already closed.", visit=visit.name)
            )
        report = (report or "").strip()
        if not report or len(report) > MAX_REPORT:
            raise UserError(
                self.env._(
                    "Write the report of the visit (at most %(maximum)s characters).",
                    maximum=MAX_REPORT,
                )
            )
        now = fields.Datetime.now()
        visit.write(
            {
                "resolution": plaintext2html(report),
                "date_start": visit.date_start or now,
                "date_end": now,
            }
        )
        visit.action_complete()
        return True
