# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

WARRANTY_TYPES = [
    ("legal", "Legal Warranty"),
    ("manufacturer", "Manufacturer Warranty"),
    ("extended", "Extended Warranty"),
    ("dealer", "Dealer Warranty"),
]


class AftersalesWarrantyPolicy(models.Model):
    _name = "aftersales.warranty.policy"
    _description = "Warranty Terms"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        help="Leave empty to share the terms with every company.",
    )
    warranty_type = fields.Selection(
        selection=WARRANTY_TYPES,
        string="Type",
        required=True,
        default="manufacturer",
        help="- Legal Warranty: what the law gives every buyer.\n"
        "- Manufacturer Warranty: what the maker promises.\n"
        "- Extended Warranty: sold as a service; it starts when the warranty "
        "it extends ends.\n"
        "- Dealer Warranty: given by the dealer who sold the unit.",
    )
    duration = fields.Integer(required=True, default=12)
    duration_unit = fields.Selection(
        selection=[("day", "Days"), ("month", "Months"), ("year", "Years")],
        required=True,
        default="month",
    )
    parts_coverage = fields.Float(
        string="Parts Covered (%)",
        default=100.0,
        digits=(5, 2),
        help="Share of the parts' cost the warranty pays.",
    )
    labour_coverage = fields.Float(
        string="Labour Covered (%)",
        default=100.0,
        digits=(5, 2),
        help="Share of the labour cost the warranty pays.",
    )
    start_trigger = fields.Selection(
        selection=[
            ("delivery", "Delivery Date"),
            ("invoice", "Invoice Date"),
            ("commissioning", "Commissioning Date"),
        ],
        string="Starts On",
        required=True,
        default="delivery",
        help="- Delivery Date: the day the unit is delivered to the customer.\n"
        "- Invoice Date: the date of the customer invoice of the sale; until "
        "it is posted, the delivery date.\n"
        "- Commissioning Date: the day the unit is put into service on site, "
        "recorded on the commissioning visit; when the customer never books "
        "it, the delivery date plus the legal profile's fallback days.",
    )
    return_action = fields.Selection(
        selection=[("void", "Void the Warranty"), ("end", "End the Warranty")],
        string="On Customer Return",
        required=True,
        default="void",
        help="What a return of the unit from the customer does to its "
        "warranty:\n"
        "- Void the Warranty: it no longer counts.\n"
        "- End the Warranty: it ends on the return date and shows as expired.",
    )
    legal_profile_id = fields.Many2one(
        comodel_name="aftersales.legal.profile",
        ondelete="restrict",
        help="The consumer law behind these terms, for customers whose "
        "country has no legal profile of its own. Empty: the company's "
        "default profile.",
    )
    card_note = fields.Html(
        string="Warranty Card Notes",
        translate=True,
        help="Conditions printed on the warranty card.",
    )
    description = fields.Char(
        compute="_compute_description",
        help="Duration and coverage in a few words.",
    )

    _sql_constraints = [
        (
            "duration_positive",
            "CHECK(duration > 0)",
            "The duration of warranty terms must be positive.",
        ),
        (
            "coverage_range",
            "CHECK(parts_coverage BETWEEN 0 AND 100 "
            "AND labour_coverage BETWEEN 0 AND 100)",
            "The coverage of warranty terms is a percentage between 0 and 100.",
        ),
    ]

    @api.depends("duration", "duration_unit", "parts_coverage", "labour_coverage")
    def _compute_description(self):
        units = dict(self._fields["duration_unit"]._description_selection(self.env))
        for policy in self:
            policy.description = self.env._(
                "%(duration)s %(unit)s, parts %(parts)s%%, labour %(labour)s%%",
                duration=policy.duration,
                unit=(units.get(policy.duration_unit) or "").lower(),
                parts=round(policy.parts_coverage),
                labour=round(policy.labour_coverage),
            )

    def _get_end_date(self, date_start):
        """The last day covered by these terms when they start on date_start."""
        self.ensure_one()
        return date_start + relativedelta(**{f"{self.duration_unit}s": self.duration})
