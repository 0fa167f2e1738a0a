# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    warranty_policy_id = fields.Many2one(
        comodel_name="aftersales.warranty.policy",
        string="Warranty Terms",
        domain="[('warranty_type', '!=', 'extended')]",
        help="Warranty terms of the products of this category (and of its "
        "sub-categories) that set none of their own.",
    )

    aftersales_loaner_excluded = fields.Boolean(
        string="Excluded from the Loaner Duty",
        help="Goods of this category are on the government list of goods for "
        "which no loaner is owed during a repair (RU: Decree N 2463).",
    )
    aftersales_loaner_same_category = fields.Boolean(
        string="Loaners Interchangeable",
        help="A loaner unit of any product of this category may stand in for "
        "another product of the category while it is in repair.",
    )

    aftersales_alert_rate = fields.Float(
        string="Claim Rate Alert (%)",
        help="Claims per 100 units delivered above which the weekly check "
        "proposes to withdraw a product of this category. Empty: the parent "
        "category's; zero everywhere: no alert.",
    )
    aftersales_alert_min_units = fields.Integer(
        string="Minimum Units",
        default=50,
        help="A product is only judged once this many units were delivered in "
        "the period: three sales and one claim are no systematic defect.",
    )
    aftersales_alert_months = fields.Integer(
        string="Alert Period (Months)",
        default=12,
        help="The claims and deliveries of this many months, up to today, "
        "make the claim rate the check compares.",
    )

    aftersales_early_warning_factor = fields.Float(
        string="Early Warning Factor",
        digits=(16, 2),
        help="A sale month whose claims per 1,000 units at 3 months in "
        "service exceed the product's earlier sales (or the category's) this "
        "many times is proposed for withdrawal, months before its 12-month "
        "figure exists. Empty: the parent category's; zero everywhere: no "
        "early warning. The minimum units and the period are the alert's.",
    )

    _sql_constraints = [
        (
            "aftersales_alert_positive",
            "CHECK(aftersales_alert_rate >= 0 AND aftersales_alert_min_units >= 0 "
            "AND aftersales_alert_months > 0)",
            "The claim rate alert, its minimum units and its period cannot be "
            "negative, and the period is at least one month.",
        ),
        (
            "aftersales_early_warning_factor_range",
            "CHECK(aftersales_early_warning_factor = 0 "
            "OR aftersales_early_warning_factor > 1)",
            "The early warning factor is more than 1 (a sale month worse than "
            "its history), or zero for no early warning.",
        ),
    ]

    def _aftersales_alert_settings(self):
        """{category: (rate, minimum units, months)} of the categories that
        alert: their own settings, else their nearest parent's with a rate."""
        result = {}
        for category in self:
            source = category
            while source and not source.aftersales_alert_rate:
                source = source.parent_id
            if source:
                result[category] = (
                    source.aftersales_alert_rate,
                    source.aftersales_alert_min_units,
                    source.aftersales_alert_months,
                )
        return result

    def _aftersales_early_warning_settings(self):
        """{category: (factor, minimum units, months)} of the categories with
        an early warning: their own factor, else their nearest parent's; the
        minimum units and months of the category that gives the factor."""
        result = {}
        for category in self:
            source = category
            while source and not source.aftersales_early_warning_factor:
                source = source.parent_id
            if source:
                result[category] = (
                    source.aftersales_early_warning_factor,
                    source.aftersales_alert_min_units,
                    source.aftersales_alert_months,
                )
        return result

    def _get_warranty_policy(self):
        """The terms of this category, else of its nearest parent with some."""
        self.ensure_one()
        category = self
        while category and not category.warranty_policy_id:
            category = category.parent_id
        return category.warranty_policy_id
