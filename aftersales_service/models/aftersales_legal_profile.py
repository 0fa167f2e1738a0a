# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesLegalProfile(models.Model):
    _name = "aftersales.legal.profile"
    _description = "Legal Profile"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short code of the jurisdiction, e.g. RU, EU, US.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        help="Leave empty to share the profile with every company.",
    )
    country_ids = fields.Many2many(
        comodel_name="res.country",
        string="Countries",
        help="Customers and companies of these countries get this profile by default.",
    )
    law_reference = fields.Char(
        string="Law",
        translate=True,
        help="The law or directive the profile follows, as a user would look it up.",
    )
    # Warranty period and burden of proof.
    warranty_min_months = fields.Integer(
        string="Legal Warranty (months)",
        help="How long the seller answers for defects when no longer warranty "
        "was given (RU art. 19 p.1: 24; EU art. 10: at least 24).",
    )
    second_hand_min_months = fields.Integer(
        string="Second-Hand Goods (months)",
        help="Shortest legal warranty allowed for second-hand goods "
        "(EU art. 10(6): 12).",
    )
    proof_burden_months = fields.Integer(
        string="Seller Proves Defects (months)",
        help="During these months after delivery a defect is presumed to have "
        "existed at delivery (EU art. 11: 12).",
    )
    # Deadlines of a claim, in days. Zero: the law sets no number, and the
    # company's own target applies.
    repair_days = fields.Integer(
        string="Repair Deadline (days)",
        help="Longest repair time the law allows (RU art. 20 p.1: 45). "
        "Zero: the company's repair target applies.",
    )
    replacement_days = fields.Integer(
        string="Replacement Deadline (days)",
        help="Days to replace the goods (RU art. 21 p.1: 7).",
    )
    replacement_check_days = fields.Integer(
        string="Replacement with Quality Check (days)",
        help="Days to replace the goods when a quality check is needed "
        "(RU art. 21 p.1: 20).",
    )
    replacement_stock_days = fields.Integer(
        string="Replacement out of Stock (days)",
        help="Days to replace the goods when none are in stock "
        "(RU art. 21 p.1: one month).",
    )
    money_days = fields.Integer(
        string="Money Claim Answer (days)",
        help="Days to answer a refund, price reduction or repair-cost claim "
        "(RU art. 22: 10).",
    )
    complex_goods_days = fields.Integer(
        string="Complex Goods Refund Window (days)",
        help="Days after handover during which technically complex goods may "
        "be refunded or replaced for any defect (RU art. 18 p.1: 15).",
    )
    downtime_days = fields.Integer(
        string="Downtime Giving Refund Right (days)",
        help="Days out of use in one warranty year after which the customer "
        "may ask for a refund (RU art. 18 p.1: 30).",
    )
    transport_weight = fields.Float(
        string="Seller Carries Goods Heavier Than (kg)",
        help="Above this weight the seller carries the goods to and from the "
        "repair at its own cost (RU art. 18 p.7: 5 kg). Zero: no such rule.",
    )
    quote_validity_days = fields.Integer(
        string="Repair Quote Binding (days)",
        help="Days a repair quotation binds the repairer "
        "(EU Directive 2024/1799 art. 4: 30).",
    )
    # Loaner units.
    loaner_required = fields.Boolean(
        string="Loaner Owed on Request",
        help="The customer may ask for a free loaner unit with the same main "
        "properties while the item is repaired (RU art. 20 p.2).",
    )
    loaner_days = fields.Integer(
        string="Loaner Deadline (days)",
        help="Days from the customer's request to the handover of the loaner "
        "unit (RU art. 20 p.2: 3).",
    )
    # Penalties.
    penalty_rate = fields.Float(
        string="Penalty per Day (%)",
        digits=(5, 2),
        help="Penalty for each day a deadline is missed, in percent of the "
        "goods' price (RU art. 23 p.1: 1%).",
    )
    paid_repair_penalty_rate = fields.Float(
        string="Paid Repair Penalty per Day (%)",
        digits=(5, 2),
        help="Penalty for each day a paid repair is late, in percent of the "
        "work's price, capped at that price (RU art. 28 p.5: 3%).",
    )
    # Warranty extension after a repair.
    extension_mode = fields.Selection(
        selection=[
            ("none", "No Extension"),
            ("repair_time", "By the Repair Time"),
            ("fixed", "By a Fixed Period"),
        ],
        string="Warranty Extension",
        required=True,
        default="none",
        help="How the warranty of a repaired unit grows:\n"
        "- No Extension: the warranty keeps its end date.\n"
        "- By the Repair Time: by the days from the claim to the return of "
        "the item (RU art. 20 p.3).\n"
        "- By a Fixed Period: once, by the months below, when the remedy was "
        "a repair (EU art. 10(2a)).",
    )
    extension_months = fields.Integer(
        string="Extension (months)",
        help="Months added to the warranty after a repair, with a fixed "
        "extension (EU: 12).",
    )
    extension_date_from = fields.Date(
        string="Extension Applies From",
        help="Claims received before this date get no fixed extension "
        "(EU: 31 July 2026).",
    )
    # Warranties that start on commissioning.
    commissioning_fallback_days = fields.Integer(
        string="Commissioning Fallback (days)",
        help="When the terms start the warranty on commissioning and the "
        "customer books no commissioning visit, the warranty starts this many "
        "days after the delivery. Zero: it waits for the commissioning.",
    )
    # Repeated repairs (US lemon laws).
    lemon_attempts = fields.Integer(
        string="Repair Attempts Before Refund",
        help="Repair attempts on the same defect after which a refund or "
        "replacement is owed (typical US state law: 3 to 4). Zero: no such "
        "rule.",
    )
    lemon_days = fields.Integer(
        string="Days Out of Service Before Refund",
        help="Cumulated days out of service after which a refund or "
        "replacement is owed (typical US state law: 30). Zero: no such rule.",
    )
    note = fields.Html(
        string="Legal Basis",
        translate=True,
        help="The articles behind each number, and what still needs checking.",
    )

    _sql_constraints = [
        (
            "numbers_positive",
            "CHECK(warranty_min_months >= 0 AND second_hand_min_months >= 0 "
            "AND proof_burden_months >= 0 AND repair_days >= 0 "
            "AND replacement_days >= 0 AND replacement_check_days >= 0 "
            "AND replacement_stock_days >= 0 AND money_days >= 0 "
            "AND complex_goods_days >= 0 AND downtime_days >= 0 "
            "AND transport_weight >= 0 AND quote_validity_days >= 0 "
            "AND loaner_days >= 0 AND penalty_rate >= 0 "
            "AND paid_repair_penalty_rate >= 0 AND extension_months >= 0 "
            "AND lemon_attempts >= 0 AND lemon_days >= 0 "
            "AND commissioning_fallback_days >= 0)",
            "Deadlines, periods, rates and weights of a legal profile cannot "
            "be negative.",
        ),
        (
            "fixed_extension_months",
            "CHECK(extension_mode != 'fixed' OR extension_months > 0)",
            "A fixed warranty extension needs a number of months.",
        ),
    ]

    @api.depends("code")
    def _compute_display_name(self):
        for profile in self:
            profile.display_name = (
                f"{profile.name} ({profile.code})" if profile.code else profile.name
            )

    @api.constrains("code", "company_id")
    def _check_code_unique(self):
        groups = self.env["aftersales.legal.profile"]._read_group(
            [("code", "in", self.mapped("code"))],
            groupby=["code", "company_id"],
            aggregates=["__count"],
            having=[("__count", ">", 1)],
        )
        if groups:
            code, company, __ = groups[0]
            raise ValidationError(
                self.env._(
                    "The legal profile code %(code)s is already used in %(scope)s.",
                    code=code,
                    scope=company.name or self.env._("the shared profiles"),
                )
            )

    @api.model
    def _find_for_country(self, country, company=None):
        """Return the profile for ``country`` in ``company``, or nothing.

        A profile of the company wins over a shared one.
        """
        if not country:
            return self.browse()
        company = company or self.env.company
        profiles = self.search(
            [
                ("company_id", "in", [company.id, False]),
                ("country_ids", "in", country.ids),
            ]
        )
        return profiles.sorted(lambda p: (not p.company_id, p.sequence, p.id))[:1]
