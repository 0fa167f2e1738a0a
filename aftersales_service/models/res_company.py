# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_reserve_journal_id = fields.Many2one(
        comodel_name="account.journal",
        string="Warranty Reserve Journal",
        domain="[('type', '=', 'general'), ('company_id', '=', id)]",
        help="The journal of the warranty reserve's entries.",
    )
    aftersales_reserve_expense_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Warranty Expense Account",
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="Debited when the reserve grows, credited when it is released.",
    )
    aftersales_reserve_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Warranty Reserve Account",
        domain="[('account_type', 'in', ('liability_current', "
        "'liability_non_current'))]",
        help="The provision for the warranty ahead (RU PBU 8/2010, IAS 37): "
        "its balance is what is already provided.",
    )
    aftersales_legal_profile_id = fields.Many2one(
        comodel_name="aftersales.legal.profile",
        string="Default Legal Profile",
        compute="_compute_aftersales_legal_profile_id",
        store=True,
        readonly=False,
        ondelete="restrict",
        help="Consumer law the company's claims follow, unless the customer's "
        "country has a profile of its own. Defaults to the profile of the "
        "company's country.",
    )
    aftersales_repair_days = fields.Integer(
        string="Repair Target (days)",
        default=30,
        help="The company's own repair deadline, used where the legal profile "
        "sets no number (EU: a 'reasonable period').",
    )

    aftersales_manager_id = fields.Many2one(
        comodel_name="res.users",
        string="After-Sales Manager",
        domain="[('share', '=', False)]",
        help="Follows up the claims that need attention (a low rating, a unit "
        "claimed again). Empty: the claim's responsible.",
    )
    aftersales_responsible_id = fields.Many2one(
        comodel_name="res.users",
        string="Claims Responsible",
        domain="[('share', '=', False)]",
        help="Handles, and signs the documents of, the claims that customers "
        "open on the portal or that are created automatically. Empty: the "
        "after-sales manager.",
    )
    aftersales_portal_ticket = fields.Boolean(
        string="Helpdesk Ticket for Portal Claims",
        help="A claim opened by a customer on the portal also opens a helpdesk ticket.",
    )
    aftersales_rating_request = fields.Boolean(
        string="Ask for a Rating",
        default=True,
        help="When a claim closes, the customer is asked to rate the service.",
    )
    aftersales_notify_received = fields.Boolean(
        string="E-mail: Claim Received", default=True
    )
    aftersales_notify_item_received = fields.Boolean(
        string="E-mail: Item Received", default=True
    )
    aftersales_notify_quotation = fields.Boolean(
        string="E-mail: Repair Quotation", default=True
    )
    aftersales_notify_ready = fields.Boolean(string="E-mail: Item Ready", default=True)
    aftersales_notify_done = fields.Boolean(
        string="E-mail: Claim Resolved", default=True
    )
    aftersales_notify_rejected = fields.Boolean(
        string="E-mail: Claim Rejected", default=True
    )
    aftersales_extended_warranty_margin = fields.Float(
        string="Extended Warranty Margin (%)",
        digits=(5, 2),
        default=30.0,
        help="The margin, in percent of the price, that the price suggested for "
        "an extended warranty keeps over its expected cost: price = expected "
        "extra cost / (1 - margin / 100). From 0 to less than 100.",
    )

    _sql_constraints = [
        (
            "aftersales_repair_days_positive",
            "CHECK(aftersales_repair_days > 0)",
            "The repair target must be at least one day.",
        ),
    ]

    @api.depends("country_id")
    def _compute_aftersales_legal_profile_id(self):
        profile_model = self.env["aftersales.legal.profile"].sudo()
        for company in self:
            profile = profile_model._find_for_country(company.country_id, company)
            company.aftersales_legal_profile_id = (
                profile or company.aftersales_legal_profile_id
            )

    @api.constrains("aftersales_manager_id", "aftersales_responsible_id")
    def _check_aftersales_staff(self):
        """The manager and the claims responsible sign documents for the
        company: people on its staff, never a portal user or the system."""
        for company in self:
            for user in (
                company.aftersales_manager_id | company.aftersales_responsible_id
            ):
                if user.share or user._is_superuser():
                    raise ValidationError(
                        self.env._(
                            "%(user)s cannot handle claims for %(company)s: choose "
                            "a member of the staff.",
                            user=user.display_name,
                            company=company.display_name,
                        )
                    )

    @api.constrains("aftersales_extended_warranty_margin")
    def _check_aftersales_extended_warranty_margin(self):
        for company in self:
            margin = company.aftersales_extended_warranty_margin
            if not 0 <= margin < 100:
                raise ValidationError(
                    self.env._(
                        "The extended warranty margin of %(company)s is a share "
                        "of the price: from 0 %% to less than 100 %% (not "
                        "%(margin)s %%).",
                        company=company.display_name,
                        margin=margin,
                    )
                )

    def _aftersales_warehouse(self):
        """The company's main warehouse: where claims' items and loaners
        come and go."""
        self.ensure_one()
        return self.env["stock.warehouse"].search(
            [("company_id", "=", self.id)], limit=1
        )

    def _aftersales_responsible(self):
        """Who handles the claims nobody on the staff registered: the claims
        responsible of the settings, else the after-sales manager."""
        self.ensure_one()
        return self.aftersales_responsible_id or self._aftersales_manager()

    def _aftersales_manager(self):
        """Who decides for the company: its after-sales manager, else its
        first user of the after-sales manager group."""
        self.ensure_one()
        return self.aftersales_manager_id or self.env["res.users"].sudo().search(
            [
                (
                    "groups_id",
                    "in",
                    self.env.ref("aftersales_service.group_aftersales_manager").id,
                ),
                ("company_ids", "in", self.id),
                ("share", "=", False),
                ("id", "!=", SUPERUSER_ID),
            ],
            order="id",
            limit=1,
        )
