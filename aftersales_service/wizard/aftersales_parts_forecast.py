# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, float_round

MONTHS = 3
MANAGER_GROUP = "aftersales_service.group_aftersales_manager"


class AftersalesPartsForecast(models.TransientModel):
    """The spare parts the claims ahead will need.

    Per product sold, the claims expected in each of the next three months
    (``aftersales.service.exposure._claim_forecast``) are split by the
    product's failure-code mix: the share of each first failure code among
    its past claims that have one (claims without a code are taken to follow
    the same mix). Each failure then takes the parts of one claim with that
    code on that product:

    - *past repairs*: the parts the done repairs of the product's past
      claims with that code consumed, divided by the number of those claims,
      when at least ``min_repairs`` of them exist, or when there is no kit;
    - *kit*: otherwise, the quantities of the failure code's kit (the kit of
      the product itself, else the one for any product).

    The expected use of a part in a month is the sum over the products and
    their failure codes of the claims expected with that code times the
    parts per claim. The parts are then Odoo's to order: the figures go to
    the reordering rules' minimums, and Odoo's procurement raises the
    requests for quotation."""

    _name = "aftersales.parts.forecast"
    _description = "Spare Parts Forecast"
    _order = "id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        required=True,
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
        help="Stock on hand, incoming and the reordering rules of this "
        "warehouse's stock location.",
    )
    product_ids = fields.Many2many(
        comodel_name="product.product",
        string="Products",
        check_company=True,
        help="The products sold whose claims the forecast counts. Empty: every "
        "product with units in service.",
    )
    product_categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Product Category",
        help="Only the products sold of this category.",
    )
    min_repairs = fields.Integer(
        string="Past Repairs from",
        default=3,
        help="A failure code of a product takes the parts its past repairs "
        "consumed once at least this many of its claims were repaired; "
        "before that, its parts kit.",
    )
    method = fields.Selection(
        selection=[("weibull", "Weibull"), ("constant", "Constant rate")],
        string="Extrapolation",
        required=True,
        default="weibull",
        help="How the claim rate goes on past the ages observed so far: a "
        "Weibull fitted on the observed curve, or the mean rate of the last "
        "three observed ages.",
    )
    line_ids = fields.One2many(
        comodel_name="aftersales.parts.forecast.line",
        inverse_name="forecast_id",
        string="Parts",
    )
    date_refreshed = fields.Datetime(
        string="Figures Of",
        readonly=True,
        help="When the units in service were last computed.",
    )

    @api.constrains("min_repairs")
    def _check_min_repairs(self):
        if any(forecast.min_repairs < 1 for forecast in self):
            raise ValidationError(
                self.env._("Past repairs are used from one repaired claim at least.")
            )

    def action_compute(self):
        """Forecast the parts and open them."""
        self.ensure_one()
        self.line_ids.unlink()
        self.date_refreshed = self.env["aftersales.service.exposure"]._date_refreshed()
        self.env["aftersales.parts.forecast.line"].create(self._prepare_line_vals())
        return self.action_view_lines()

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_parts_forecast_line_action"
        )
        action["domain"] = [("forecast_id", "=", self.id)]
        action["context"] = {"default_forecast_id": self.id}
        return action

    # Helpers

    def _exposure_domain(self):
        domain = [("company_id", "=", self.company_id.id)]
        if self.product_ids:
            domain.append(("product_id", "in", self.product_ids.ids))
        if self.product_categ_id:
            domain.append(("product_categ_id", "child_of", self.product_categ_id.id))
        return domain

    def _claim_forecast(self):
        """{product: (expected claims of months 1..3, extrapolated)} of the
        products with units in service, and {product: reason} of the others
        asked for."""
        forecast = self.env["aftersales.service.exposure"]._claim_forecast(
            self._exposure_domain(), months=MONTHS, method=self.method
        )
        products = self.env["product.product"]
        claims, reasons = {}, {}
        for key, figures in forecast.items():
            product = key[1]
            if not isinstance(product, models.BaseModel):
                product = products.browse(product)
            months = list(figures.get("claims") or [])[:MONTHS]
            if not figures.get("units"):
                reasons[product] = "no_units"
            elif len(months) < MONTHS or any(
                value is None or value != value
                for value in months  # NaN
            ):
                reasons[product] = "no_age"
            else:
                claims[product] = (months, bool(figures.get("extrapolated")))
        for product in self.product_ids:
            if product not in claims and product not in reasons:
                reasons[product] = "no_units"
        return claims, reasons

    def _past_claims(self, products):
        """Per product, the past claims per first failure code: {product:
        {code: (claims, claims with a done repair)}}, and the parts those
        repairs consumed: {(product, code): {part: quantity}}.

        SQL: a claim's first failure code (the smallest id, as in the claim
        analysis and the parts consumption) is no field the ORM can group
        on. Two grouped queries, whatever the number of claims and parts."""
        cr = self.env.cr
        self.env.flush_all()
        claim = SQL(
            """
            WITH claim AS (
                SELECT c.id, c.product_id,
                       (SELECT min(rel.aftersales_failure_code_id)
                          FROM aftersales_claim_aftersales_failure_code_rel rel
                         WHERE rel.aftersales_claim_id = c.id) AS failure_code_id
                  FROM aftersales_claim c
                 WHERE c.company_id = %(company)s
                   AND c.product_id = ANY(%(products)s)
                   AND c.state != 'cancelled'
            ), repaired AS (
                SELECT DISTINCT ro.aftersales_claim_id AS claim_id
                  FROM repair_order ro
                  JOIN claim ON claim.id = ro.aftersales_claim_id
                 WHERE ro.state = 'done'
            )
            """,
            company=self.company_id.id,
            products=products.ids,
        )
        cr.execute(
            SQL(
                """%s
                SELECT claim.product_id, claim.failure_code_id, count(*),
                       count(repaired.claim_id)
                  FROM claim
                  LEFT JOIN repaired ON repaired.claim_id = claim.id
                 WHERE claim.failure_code_id IS NOT NULL
                 GROUP BY 1, 2
                """,
                claim,
            )
        )
        Product = self.env["product.product"]
        Code = self.env["aftersales.failure.code"]
        mix = defaultdict(dict)
        for product_id, code_id, count, repaired in cr.fetchall():
            mix[Product.browse(product_id)][Code.browse(code_id)] = (count, repaired)
        cr.execute(
            SQL(
                """%s
                SELECT claim.product_id, claim.failure_code_id, sm.product_id,
                       sum(sm.product_qty)
                  FROM claim
                  JOIN repair_order ro
                    ON ro.aftersales_claim_id = claim.id AND ro.state = 'done'
                  JOIN stock_move sm
                    ON sm.repair_id = ro.id AND sm.repair_line_type = 'add'
                   AND sm.state = 'done'
                 WHERE claim.failure_code_id IS NOT NULL
                 GROUP BY 1, 2, 3
                """,
                claim,
            )
        )
        used = defaultdict(dict)
        for product_id, code_id, part_id, quantity in cr.fetchall():
            used[Product.browse(product_id), Code.browse(code_id)][
                Product.browse(part_id)
            ] = quantity
        return mix, used

    def _kits(self, products, codes):
        """{(product, code): kit}: the kit of the product itself, else the
        one for any product (as the repairs take them)."""
        kits = self.env["aftersales.parts.kit"].search(
            [
                ("failure_code_id", "in", codes.ids),
                ("product_id", "in", [*products.ids, False]),
                ("company_id", "in", [self.company_id.id, False]),
            ]
        )
        generic, own = {}, {}
        for kit in kits:
            if kit.product_id:
                own.setdefault((kit.product_id, kit.failure_code_id), kit)
            else:
                generic.setdefault(kit.failure_code_id, kit)
        return {
            (product, code): own.get((product, code)) or generic.get(code)
            for product in products
            for code in codes
            if own.get((product, code)) or generic.get(code)
        }

    def _parts_per_claim(self, product, code, mix, used, kits):
        """(source, {part: quantity per claim}) of a product's failure code,
        or (False, {}) when neither a kit nor a past repair says."""
        __, repaired = mix[product][code]
        kit = kits.get((product, code))
        if repaired and (repaired >= self.min_repairs or not kit):
            return "repairs", {
                part: quantity / repaired
                for part, quantity in used.get((product, code), {}).items()
            }
        if kit:
            per_claim = defaultdict(float)
            for line in kit.line_ids:
                per_claim[line.product_id] += line.quantity
            return "kit", per_claim
        return False, {}

    def _prepare_line_vals(self):
        """The lines: one per part, then one per product sold without a
        figure, with its reason."""
        self.ensure_one()
        claims, reasons = self._claim_forecast()
        products = self.env["product.product"].concat(*claims)
        mix, used = self._past_claims(products)
        codes = self.env["aftersales.failure.code"].concat(
            *{code for codes in mix.values() for code in codes}
        )
        kits = self._kits(products, codes)
        parts = defaultdict(
            lambda: {
                "months": [0.0] * MONTHS,
                "sources": set(),
                "extrapolated": False,
                "basis": [],
            }
        )
        for product, (months, extrapolated) in claims.items():
            coded = sum(count for count, __ in mix[product].values())
            if not coded:
                reasons[product] = "no_claims"
                continue
            found = False
            for code, (count, __) in mix[product].items():
                source, per_claim = self._parts_per_claim(
                    product, code, mix, used, kits
                )
                if not source:
                    continue
                found = True
                share = count / coded
                for part, quantity in per_claim.items():
                    part_figures = parts[part]
                    for index, expected in enumerate(months):
                        part_figures["months"][index] += expected * share * quantity
                    part_figures["sources"].add(source)
                    part_figures["extrapolated"] |= extrapolated
                    part_figures["basis"].append(
                        (product, code, sum(months) * share, quantity, source)
                    )
            if not found:
                reasons[product] = "no_parts"
        return self._part_line_vals(parts) + self._reason_line_vals(reasons)

    def _part_line_vals(self, parts):
        if not parts:
            return []
        warehouse = self.warehouse_id
        products = self.env["product.product"].concat(*parts)
        stock = {
            row["id"]: row
            for row in products.with_context(warehouse_id=warehouse.id).read(
                ["qty_available", "incoming_qty"]
            )
        }
        orderpoints = {
            orderpoint.product_id: orderpoint
            for orderpoint in self.env["stock.warehouse.orderpoint"].search(
                [
                    ("product_id", "in", products.ids),
                    ("location_id", "=", warehouse.lot_stock_id.id),
                    ("company_id", "=", self.company_id.id),
                ]
            )
        }
        source_labels = dict(
            self.env["aftersales.parts.forecast.line"]
            ._fields["source"]
            ._description_selection(self.env)
        )
        vals = []
        ordered = sorted(parts.items(), key=lambda item: -sum(item[1]["months"]))
        for sequence, (part, figures) in enumerate(ordered, start=1):
            rounding = part.uom_id.rounding
            months = [
                float_round(value, precision_rounding=rounding)
                for value in figures["months"]
            ]
            sources = figures["sources"]
            vals.append(
                {
                    "forecast_id": self.id,
                    "sequence": sequence,
                    "part_id": part.id,
                    "qty_month_1": months[0],
                    "qty_month_2": months[1],
                    "qty_month_3": months[2],
                    "qty_total": float_round(
                        sum(figures["months"]), precision_rounding=rounding
                    ),
                    "qty_available": stock[part.id]["qty_available"],
                    "incoming_qty": stock[part.id]["incoming_qty"],
                    "orderpoint_id": orderpoints.get(
                        part, self.env["stock.warehouse.orderpoint"]
                    ).id,
                    "source": "both" if len(sources) > 1 else next(iter(sources)),
                    "extrapolated": figures["extrapolated"],
                    "basis": "\n".join(
                        self.env._(
                            "%(product)s, %(code)s: %(claims)s claims in %(months)s "
                            "months x %(quantity)s per claim (%(taken_from)s)",
                            product=product.display_name,
                            code=code.display_name,
                            claims=round(claims, 2),
                            months=MONTHS,
                            quantity=round(quantity, 2),
                            taken_from=source_labels[source],
                        )
                        for product, code, claims, quantity, source in figures["basis"]
                    ),
                }
            )
        return vals

    def _reason_line_vals(self, reasons):
        start = 10**6
        return [
            {
                "forecast_id": self.id,
                "sequence": start + index,
                "product_id": product.id,
                "reason": reason,
            }
            for index, (product, reason) in enumerate(
                sorted(reasons.items(), key=lambda item: item[0].id)
            )
        ]
