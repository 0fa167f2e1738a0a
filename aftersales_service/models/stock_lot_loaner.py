# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The loaner pool: loaner units, their loans and their statistics."""

from collections import defaultdict

from odoo import api, fields, models


class StockLot(models.Model):
    # One file per concern, as Odoo core splits its large models.
    _inherit = "stock.lot"  # pylint: disable=consider-merging-classes-inherited

    aftersales_loaner = fields.Boolean(
        string="Loaner Unit",
        index=True,
        copy=False,
        help="This unit belongs to the loaner pool: it is lent to customers "
        "while their own item is in repair.",
    )

    aftersales_loaner_date = fields.Date(
        string="In the Pool Since",
        compute="_compute_aftersales_loaner_date",
        store=True,
        readonly=False,
        copy=False,
        help="The day the unit entered the loaner pool: its days owned and its "
        "utilisation count from then.",
    )

    aftersales_loaner_maintenance = fields.Boolean(
        string="In Maintenance",
        copy=False,
        help="The loaner unit is being checked or serviced and cannot be lent.",
    )

    aftersales_loan_ids = fields.One2many(
        comodel_name="aftersales.loan",
        inverse_name="lot_id",
        string="Loans",
    )

    aftersales_loan_id = fields.Many2one(
        comodel_name="aftersales.loan",
        string="Current Loan",
        compute="_compute_aftersales_loaner_state",
        store=True,
    )

    aftersales_loaner_state = fields.Selection(
        selection=[
            ("free", "Free"),
            ("reserved", "Reserved"),
            ("lent", "Lent"),
            ("overdue", "Overdue"),
            ("maintenance", "In Maintenance"),
        ],
        string="Loaner Status",
        compute="_compute_aftersales_loaner_state",
        store=True,
        index="btree_not_null",
        help="- Free: in the pool, ready to lend.\n"
        "- Reserved: set aside by a draft loan.\n"
        "- Lent: with a borrower, not yet due.\n"
        "- Overdue: with a borrower after its due date.\n"
        "- In Maintenance: being checked or serviced.",
    )

    aftersales_borrower_id = fields.Many2one(
        related="aftersales_loan_id.partner_id", string="Borrower"
    )

    aftersales_loan_date_due = fields.Date(
        related="aftersales_loan_id.date_due", string="Due Back"
    )

    aftersales_loan_count = fields.Integer(
        string="Loan Count", compute="_compute_aftersales_loan_stats"
    )

    aftersales_loan_days = fields.Integer(
        string="Days Lent",
        compute="_compute_aftersales_loan_stats",
        help="Days this unit was out with borrowers: from the day it was lent "
        "to the day before it came back; a loan still out counts up to today.",
    )

    aftersales_loaner_days_owned = fields.Integer(
        string="Days Owned",
        compute="_compute_aftersales_loan_stats",
        help="Days since the unit entered the loaner pool (or was first lent, "
        "if that was before), today included.",
    )

    aftersales_loan_average_days = fields.Float(
        string="Average Loan (days)",
        compute="_compute_aftersales_loan_stats",
        digits=(16, 1),
    )

    aftersales_loan_overdue_count = fields.Integer(
        string="Loans Overdue",
        compute="_compute_aftersales_loan_stats",
        help="Loans of this unit that came back late or are still out late.",
    )

    aftersales_loaner_utilisation = fields.Float(
        string="Utilisation (%)",
        compute="_compute_aftersales_loan_stats",
        digits=(16, 1),
        help="Days lent out of the days owned: a unit lent since it entered "
        "the pool is at 100 %.",
    )

    @api.depends("aftersales_loaner")
    def _compute_aftersales_loaner_date(self):
        today = fields.Date.context_today(self)
        for lot in self:
            if not lot.aftersales_loaner:
                lot.aftersales_loaner_date = False
            elif not lot.aftersales_loaner_date:
                lot.aftersales_loaner_date = today

    @api.depends(
        "aftersales_loaner",
        "aftersales_loaner_maintenance",
        "aftersales_loan_ids.state",
        "aftersales_loan_ids.is_overdue",
    )
    def _compute_aftersales_loaner_state(self):
        for lot in self:
            loan = lot.aftersales_loan_ids.filtered(
                lambda loan: loan.state in ("draft", "lent")
            )[:1]
            lot.aftersales_loan_id = loan
            if not lot.aftersales_loaner:
                lot.aftersales_loaner_state = False
            elif loan.state == "lent":
                lot.aftersales_loaner_state = "overdue" if loan.is_overdue else "lent"
            elif loan:
                lot.aftersales_loaner_state = "reserved"
            elif lot.aftersales_loaner_maintenance:
                lot.aftersales_loaner_state = "maintenance"
            else:
                lot.aftersales_loaner_state = "free"

    @api.depends_context("date")
    def _compute_aftersales_loan_stats(self):
        """Loans, days lent, average loan, late loans and utilisation, from
        one query over the loans of all these units."""
        today = fields.Date.context_today(self)
        loans = (
            self.env["aftersales.loan"]
            .sudo()
            .search_fetch(
                [("lot_id", "in", self.ids), ("state", "in", ("lent", "returned"))],
                [
                    "lot_id",
                    "state",
                    "date_out",
                    "date_due",
                    "date_returned",
                    "is_overdue",
                ],
            )
        )
        by_lot = defaultdict(list)
        for loan in loans:
            by_lot[loan.lot_id.id].append(loan.id)
        for lot in self:
            lot_loans = loans.browse(by_lot[lot.id])
            # Owned from its entry in the pool, or from its first loan if
            # that came before (loans recorded after the fact), to today.
            since = min(
                [lot.aftersales_loaner_date or today, *lot_loans.mapped("date_out")]
            )
            owned = (today - since).days + 1
            lent = lot_loans._days_lent(since, today)
            lengths = [loan._days_lent(since, today) for loan in lot_loans]
            lot.aftersales_loan_count = len(lot_loans)
            lot.aftersales_loan_days = lent
            lot.aftersales_loaner_days_owned = owned
            lot.aftersales_loan_average_days = (
                sum(lengths) / len(lengths) if lengths else 0.0
            )
            lot.aftersales_loan_overdue_count = sum(
                1
                for loan in lot_loans
                if loan.is_overdue
                or (loan.date_returned and loan.date_returned > loan.date_due)
            )
            lot.aftersales_loaner_utilisation = (
                100.0 * lent / owned if owned > 0 else 0.0
            )

    def action_view_aftersales_loans(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Loans of %(unit)s", unit=self.name),
            "res_model": "aftersales.loan",
            "view_mode": "list,form",
            "domain": [("lot_id", "=", self.id)],
            "context": {"default_lot_id": self.id},
        }
