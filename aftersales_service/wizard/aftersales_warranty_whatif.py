# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import math

from odoo import api, fields, models

from ..report.aftersales_service_forecast import extrapolate

# A longer term than this is beyond what a months-in-service curve of a few
# years can say, whatever the fit.
MAX_MONTHS = 120
METHODS = [
    ("weibull", "Weibull (power law fitted on the observed curve)"),
    ("constant", "Constant rate (that of the last three ages observed)"),
]


class AftersalesWarrantyWhatif(models.TransientModel):
    """What a longer warranty would cost: the claims per 1,000 units of a
    product (or a category) up to its current term and up to a longer one,
    from its months-in-service curve, extrapolated past the oldest age its
    units reached; times the average cost of a claim, the cost per unit;
    the extra cost, priced at the company's margin, the price of an extended
    warranty. One company's figures, in its currency."""

    _name = "aftersales.warranty.whatif"
    _description = "What a Longer Warranty Costs"

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
        help="The figures are this company's only, in its currency.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template",
        string="Product",
        help="The units of all its variants.",
    )
    product_categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Product Category",
        help="The units of all the products of the category and of its "
        "sub-categories. Ignored when a product is chosen.",
    )
    policy_id = fields.Many2one(
        comodel_name="aftersales.warranty.policy",
        string="Current Warranty Terms",
        compute="_compute_policy_id",
    )
    current_months = fields.Integer(
        string="Current Term (Months)",
        compute="_compute_current_months",
        store=True,
        readonly=False,
        help="From the product's warranty terms (else its category's); type "
        "it where they set none.",
    )
    new_months = fields.Integer(
        string="New Term (Months)",
        compute="_compute_new_months",
        store=True,
        readonly=False,
        help="The longer term to price: more months than the current term.",
    )
    method = fields.Selection(
        selection=METHODS,
        string="Extrapolation",
        required=True,
        default="weibull",
        help="How the curve goes on past the oldest age the units reached:\n"
        "- Weibull: the cumulative claims per 1,000 units fitted as a power "
        "of the age (a * age^b, least squares on the logarithms) over the "
        "ages observed; with fewer than three ages with claims, a constant "
        "rate instead.\n"
        "- Constant rate: each further month draws the mean rate of the last "
        "three ages observed.",
    )
    margin = fields.Float(
        related="company_id.aftersales_extended_warranty_margin",
        string="Margin (%)",
    )
    # The figures, computed from the above; empty with a message where they
    # cannot be.
    has_figures = fields.Boolean(compute="_compute_figures")
    has_costs = fields.Boolean(compute="_compute_figures")
    message = fields.Text(
        compute="_compute_figures",
        help="Why some figures are empty.",
    )
    unit_count = fields.Float(
        string="Units Observed",
        digits=(16, 2),
        compute="_compute_figures",
        help="The units in service in their first month: the base of the curve.",
    )
    observed_months = fields.Integer(
        string="Ages Observed (Months)",
        compute="_compute_figures",
        help="The oldest month in service the units reached.",
    )
    current_claims = fields.Float(
        string="Claims per 1,000 Units, Current Term",
        digits=(16, 2),
        compute="_compute_figures",
    )
    new_claims = fields.Float(
        string="Claims per 1,000 Units, New Term",
        digits=(16, 2),
        compute="_compute_figures",
    )
    cost_per_claim = fields.Monetary(
        string="Cost per Claim",
        compute="_compute_figures",
        help="The average net cost of a claim of these units: parts at cost, "
        "labour, replacements, refunds and dealer reimbursements, less what "
        "suppliers paid back.",
    )
    cost_claim_count = fields.Integer(
        string="Claims Costed",
        compute="_compute_figures",
        help="The claims the cost per claim is the average of.",
    )
    cost_source = fields.Selection(
        selection=[
            ("own", "Their Own Claims"),
            ("category", "The Category's Claims"),
        ],
        string="Cost per Claim From",
        compute="_compute_figures",
        help="- Their Own Claims: the claims in warranty of these units.\n"
        "- The Category's Claims: the product has none yet; those of the "
        "products of its category, as the warranty reserve does.",
    )
    current_cost = fields.Monetary(
        string="Cost per Unit, Current Term",
        compute="_compute_figures",
        help="Claims per unit up to the current term times the cost per claim.",
    )
    extra_cost = fields.Monetary(
        string="Extra Cost per Unit",
        compute="_compute_figures",
        help="The claims per unit between the current and the new term times "
        "the cost per claim.",
    )
    suggested_price = fields.Monetary(
        string="Suggested Extended Warranty Price",
        compute="_compute_figures",
        help="Extra cost per unit / (1 - margin): the price of an extended "
        "warranty product for the months beyond the current term, untaxed.",
    )
    extrapolated = fields.Boolean(
        compute="_compute_figures",
        help="Ages up to the new term that no unit reached yet are estimated.",
    )
    extrapolated_from = fields.Integer(
        string="Extrapolated From (Month)",
        compute="_compute_figures",
        help="The first month in service that is estimated, not observed.",
    )
    method_used = fields.Selection(
        selection=METHODS,
        string="Extrapolated By",
        compute="_compute_figures",
        help="The method the estimate actually used (a Weibull fit needs "
        "three ages with claims). Empty when nothing was extrapolated.",
    )
    method_note = fields.Char(
        string="Method",
        compute="_compute_figures",
    )
    curve_html = fields.Html(
        string="Curve",
        compute="_compute_figures",
        sanitize=False,
    )

    @api.model
    def default_get(self, fields_list):
        """Opened from a product or a category form: that product or
        category."""
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        record_id = self.env.context.get("active_id")
        if record_id and model == "product.template":
            values.setdefault("product_tmpl_id", record_id)
        elif record_id and model == "product.product":
            product = self.env["product.product"].browse(record_id)
            values.setdefault("product_tmpl_id", product.product_tmpl_id.id)
        elif record_id and model == "product.category":
            values.setdefault("product_categ_id", record_id)
        return values

    @api.depends("product_tmpl_id", "product_categ_id")
    def _compute_policy_id(self):
        for wizard in self:
            if wizard.product_tmpl_id:
                template = wizard.product_tmpl_id
                wizard.policy_id = (
                    template.warranty_policy_id
                    or template.categ_id._get_warranty_policy()
                )
            elif wizard.product_categ_id:
                wizard.policy_id = wizard.product_categ_id._get_warranty_policy()
            else:
                wizard.policy_id = False

    @api.depends("policy_id")
    def _compute_current_months(self):
        for wizard in self:
            wizard.current_months = wizard._policy_months(wizard.policy_id)

    @api.depends("current_months")
    def _compute_new_months(self):
        for wizard in self:
            wizard.new_months = (
                wizard.current_months + 12 if wizard.current_months else 0
            )

    @api.depends(
        "company_id",
        "product_tmpl_id",
        "product_categ_id",
        "current_months",
        "new_months",
        "method",
        "margin",
    )
    def _compute_figures(self):
        for wizard in self:
            values = dict.fromkeys(
                [
                    "has_figures",
                    "has_costs",
                    "message",
                    "unit_count",
                    "observed_months",
                    "current_claims",
                    "new_claims",
                    "cost_per_claim",
                    "cost_claim_count",
                    "cost_source",
                    "current_cost",
                    "extra_cost",
                    "suggested_price",
                    "extrapolated",
                    "extrapolated_from",
                    "method_used",
                    "method_note",
                    "curve_html",
                ],
                False,
            )
            values.update(wizard._figures())
            wizard.update(values)

    def _figures(self):
        """The values of the figures' fields, or a message saying why there
        are none."""
        self.ensure_one()
        name = (self.product_tmpl_id or self.product_categ_id).display_name
        if not name:
            return {"message": self.env._("Choose a product or a product category.")}
        if not self.current_months or self.current_months <= 0:
            return {
                "message": self.env._(
                    "%(name)s has no warranty terms in months: type its current term.",
                    name=name,
                )
            }
        if self.new_months <= self.current_months:
            return {
                "message": self.env._(
                    "The new term (%(new)s months) must be longer than the "
                    "current one (%(current)s months).",
                    new=self.new_months,
                    current=self.current_months,
                )
            }
        if self.new_months > MAX_MONTHS:
            return {
                "message": self.env._(
                    "A term of %(new)s months is beyond what the claims of the "
                    "units can tell: at most %(max)s months.",
                    new=self.new_months,
                    max=MAX_MONTHS,
                )
            }
        margin = self.margin
        if not 0 <= margin < 100:
            return {
                "message": self.env._(
                    "The extended warranty margin of the settings (%(margin)s "
                    "%%) is not a share of the price: set it from 0 %% to less "
                    "than 100 %%.",
                    margin=margin,
                )
            }
        domain = self._figures_domain()
        curve = self.env["aftersales.service.exposure"]._mis_curve(domain)[False]
        observed = [point for point in curve if point[2] is not None]
        if not observed or observed[0][3] <= 0:
            return {
                "message": self.env._(
                    "No unit of %(name)s has been in service at %(company)s: "
                    "no claims per unit, no cost per unit.",
                    name=name,
                    company=self.company_id.display_name,
                )
            }
        points, method_used = extrapolate(observed, self.new_months, self.method)
        current = points[self.current_months - 1][2]
        new = points[self.new_months - 1][2]
        if not all(
            isinstance(value, int | float) and math.isfinite(value)
            for value in (current, new)
        ):
            return {
                "message": self.env._(
                    "The curve of %(name)s gives no finite figure up to %(new)s "
                    "months: try the constant rate.",
                    name=name,
                    new=self.new_months,
                )
            }
        first_extrapolated = next((point[0] for point in points if point[3]), False)
        values = {
            "has_figures": True,
            "unit_count": observed[0][3],
            "observed_months": observed[-1][0],
            "current_claims": current,
            "new_claims": new,
            "extrapolated": bool(first_extrapolated),
            "extrapolated_from": first_extrapolated,
            "method_used": first_extrapolated and method_used,
            "method_note": self._method_note(first_extrapolated, method_used),
            "curve_html": self._curve_html(points, curve),
        }
        cost, count = self._cost_per_claim(domain)
        source = "own"
        if not count and self.product_tmpl_id.categ_id:
            cost, count = self._cost_per_claim(
                [
                    ("company_id", "=", self.company_id.id),
                    ("product_categ_id", "=", self.product_tmpl_id.categ_id.id),
                ]
            )
            source = "category"
        if not count:
            values["message"] = self.env._(
                "These units have no claim in warranty yet: the cost per claim, "
                "and so the costs per unit, are unknown."
            )
            return values
        currency = self.currency_id
        extra = currency.round((new - current) / 1000.0 * cost)
        values.update(
            has_costs=True,
            cost_per_claim=currency.round(cost),
            cost_claim_count=count,
            cost_source=source,
            current_cost=currency.round(current / 1000.0 * cost),
            extra_cost=extra,
            suggested_price=currency.round(extra / (1 - margin / 100.0)),
        )
        return values

    def _figures_domain(self):
        """The rows of the product's variants or of the category's products,
        of the wizard's company only."""
        domain = [("company_id", "=", self.company_id.id)]
        if self.product_tmpl_id:
            variants = self.product_tmpl_id.with_context(
                active_test=False
            ).product_variant_ids
            return [*domain, ("product_id", "in", variants.ids)]
        return [*domain, ("product_categ_id", "child_of", self.product_categ_id.id)]

    def _cost_per_claim(self, domain):
        """(average net cost of a claim, claims counted) over the products of
        ``domain`` (of the wizard's one company) together."""
        costs = self.env["aftersales.service.exposure"]._cost_per_claim(
            domain, ("company_id",)
        )
        return next(iter(costs.values()), (0.0, 0))

    def _method_note(self, first_extrapolated, method_used):
        if not first_extrapolated:
            return self.env._(
                "Observed: the units reached every month up to %(months)s; "
                "nothing is extrapolated.",
                months=self.new_months,
            )
        if method_used == "weibull":
            return self.env._(
                "From month %(month)s on, extrapolated by a Weibull fit: the "
                "cumulative claims per 1,000 units as a power of the age "
                "fitted on the months observed.",
                month=first_extrapolated,
            )
        if self.method == "weibull":
            return self.env._(
                "From month %(month)s on, extrapolated at a constant rate, that "
                "of the last three months observed: too few months with claims "
                "for a Weibull fit.",
                month=first_extrapolated,
            )
        return self.env._(
            "From month %(month)s on, extrapolated at a constant rate, that of "
            "the last three months observed.",
            month=first_extrapolated,
        )

    def _curve_html(self, points, curve):
        units = {point[0]: point[3] for point in curve}
        rows = [
            {
                "age": age,
                "rate": rate,
                "cumulative": cumulative,
                "units": units.get(age) if not extrapolated else None,
                "extrapolated": extrapolated,
                "term": (
                    "current"
                    if age == self.current_months
                    else "new"
                    if age == self.new_months
                    else False
                ),
            }
            for age, rate, cumulative, extrapolated in points
        ]
        return self.env["ir.qweb"]._render(
            "aftersales_service.aftersales_warranty_whatif_curve", {"rows": rows}
        )

    @api.model
    def _policy_months(self, policy):
        """The terms' duration in whole months (days: 30.44 a month, at
        least one); 0 without terms."""
        if not policy:
            return 0
        if policy.duration_unit == "year":
            return policy.duration * 12
        if policy.duration_unit == "day":
            return max(1, round(policy.duration * 12 / 365.25))
        return policy.duration
