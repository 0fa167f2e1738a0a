# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.tools import split_every

from .aftersales_maintenance_plan import BATCH_SIZE


class AftersalesWarrantyPolicy(models.Model):
    _inherit = "aftersales.warranty.policy"

    requires_maintenance = fields.Boolean(
        help="The terms hold only if the unit gets its maintenance visits: "
        "its warranty shows when a maintenance visit is overdue.",
    )


class AftersalesWarranty(models.Model):
    _inherit = "aftersales.warranty"

    maintenance_overdue = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        help="The terms require maintenance and a maintenance visit of the "
        "unit is past its date without being done (set by the daily check).",
    )

    @api.model
    def _cron_check_maintenance(self, batch_size=BATCH_SIZE):
        """Daily: flag the warranties whose terms require maintenance and
        whose unit has a maintenance visit past its date, not done; clear
        the flag of the others. A few queries per ``batch_size`` warranties."""
        overdue_lots = self._maintenance_overdue_lots()
        warranties = self.sudo().with_context(tracking_disable=True)
        flag = warranties.search(
            [
                ("maintenance_overdue", "=", False),
                ("policy_id.requires_maintenance", "=", True),
                ("state", "=", "active"),
                ("lot_id", "in", overdue_lots.ids),
            ]
        )
        clear = warranties.search(
            [
                ("maintenance_overdue", "=", True),
                "|",
                "|",
                ("policy_id.requires_maintenance", "=", False),
                ("state", "!=", "active"),
                ("lot_id", "not in", overdue_lots.ids),
            ]
        )
        for ids in split_every(batch_size, flag.ids):
            warranties.browse(ids).write({"maintenance_overdue": True})
        for ids in split_every(batch_size, clear.ids):
            warranties.browse(ids).write({"maintenance_overdue": False})
        return flag, clear

    @api.model
    def _maintenance_overdue_lots(self):
        """The units with a maintenance visit of their plan past its date and
        neither done nor cancelled, in one query."""
        groups = (
            self.env["fsm.order"]
            .sudo()
            ._read_group(
                [
                    ("aftersales_maintenance_plan_id", "!=", False),
                    ("aftersales_visit_type", "=", "maintenance"),
                    ("stage_id.is_closed", "=", False),
                    ("scheduled_date_start", "<", fields.Datetime.now()),
                ],
                ["aftersales_maintenance_plan_id"],
            )
        )
        plans = self.env["aftersales.maintenance.plan"].sudo()
        return plans.browse([plan.id for (plan,) in groups]).lot_id
