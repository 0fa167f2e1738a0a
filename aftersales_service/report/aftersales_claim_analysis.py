# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from contextlib import ExitStack, contextmanager

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..models.aftersales_claim import percent

# Ratio measures: (numerator, denominator), both counted on the same
# population: the claim rate and the cost rate on the rows of the units
# delivered (their claims and what those cost, whenever the claims were
# made), the share in time on the claims' rows. A ratio of sums cannot be
# summed nor averaged over the rows, so read_group computes it from the two
# sums of each group; where the denominator is 0 the ratio is empty.
RATIOS = {
    "claim_rate": ("unit_claim_count", "unit_count"),
    "on_time_rate": ("resolved_on_time_count", "resolved_count"),
    "cost_rate": ("unit_warranty_cost", "revenue"),
    "cost_per_claim": ("net_cost", "claim_count"),
    "cost_per_unit": ("unit_net_cost", "unit_count"),
}
# The ratios that are amounts (per claim, per unit), not percentages.
AMOUNT_RATIOS = ("cost_per_claim", "cost_per_unit")
COST_GROUP = "aftersales_service.group_aftersales_manager"
# What the bus tells the after-sales users' screens when new figures are in.
ANALYSIS_REFRESHED = "aftersales_service/analysis_refreshed"


class AftersalesClaimAnalysis(models.Model):
    """Claims and the units they come from, side by side.

    Two kinds of rows: one per claim (dated by the claim), and one per
    product, month of warranty start and sales channel with the units
    delivered (dated by that month) and the claims made on those units since.
    Summed over any grouping they give the claims made, the units delivered
    and the claims on those units, so the claim rate of the group counts its
    numerator and its denominator on the same units: grouped by the month,
    the units delivered that month and the claims they drew; a claim on a
    unit delivered before the period, or on a unit registered without a
    warranty, is a claim of the period but not of its rate."""

    _name = "aftersales.claim.analysis"
    _description = "Claim Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "product_id"

    date = fields.Date(
        readonly=True,
        help="The claim date; for delivered units, the first day of the month "
        "their warranty started.",
    )
    date_cohort = fields.Date(
        string="Sale Month",
        readonly=True,
        help="When the unit was sold: the first day of the month its warranty "
        "started. Group by it for the claims of each month's sales (cohorts).",
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    claim_id = fields.Many2one(comodel_name="aftersales.claim", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    product_categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Lot/Serial",
        readonly=True,
        help="Units delivered are counted per lot for products tracked by "
        "lots; per product for serial numbers.",
    )
    failure_code_id = fields.Many2one(
        comodel_name="aftersales.failure.code",
        readonly=True,
        help="The first failure code of the claim.",
    )
    supplier_id = fields.Many2one(
        comodel_name="res.partner",
        readonly=True,
        help="The product's first vendor.",
    )
    dealer_id = fields.Many2one(
        comodel_name="res.partner",
        readonly=True,
        help="The dealer who sold the unit.",
    )
    service_point_id = fields.Many2one(
        comodel_name="res.partner",
        readonly=True,
        help="The service point that handled the claim.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users", string="Responsible", readonly=True
    )
    claim_type = fields.Selection(
        selection=lambda self: (
            self.env["aftersales.claim"]._fields["claim_type"].selection
        ),
        string="Type",
        readonly=True,
    )
    coverage = fields.Selection(
        selection=lambda self: (
            self.env["aftersales.claim"]._fields["coverage"].selection
        ),
        readonly=True,
    )
    state = fields.Selection(
        selection=lambda self: self.env["aftersales.claim"]._fields["state"].selection,
        readonly=True,
    )
    claim_count = fields.Integer(string="Claims", readonly=True)
    unit_count = fields.Float(
        string="Units Delivered",
        digits="Product Unit of Measure",
        readonly=True,
    )
    unit_claim_count = fields.Integer(
        string="Claims on These Units",
        readonly=True,
        help="Claims made on the units delivered, whenever they were made: "
        "the claim rate's numerator. Claims on units registered without a "
        "warranty are not among them.",
    )
    claim_rate = fields.Float(
        string="Claim Rate (%)",
        readonly=True,
        aggregator="sum",
        help="Claims on the units delivered, per 100 of those units. Empty "
        "where no unit was delivered: no rate without units.",
    )
    late_count = fields.Integer(
        string="Late Claims",
        readonly=True,
        help="Claims resolved after their legal deadline, or still open past it.",
    )
    resolved_count = fields.Integer(string="Resolved Claims", readonly=True)
    resolved_on_time_count = fields.Integer(string="Resolved in Time", readonly=True)
    on_time_rate = fields.Float(
        string="Resolved in Time (%)",
        readonly=True,
        aggregator="sum",
        help="Share of the resolved claims resolved by their legal deadline. "
        "Empty where no claim is resolved.",
    )
    resolution_days = fields.Float(
        string="Days to Resolve",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="Days from the claim to its resolution (done or rejected). Empty "
        "while the claim is open.",
    )
    penalty_amount = fields.Float(
        string="Penalty Exposure",
        readonly=True,
        help="The legal penalty of each day past the deadline, until the "
        "claim was resolved or until today.",
    )
    parts_cost = fields.Float(
        readonly=True,
        groups=COST_GROUP,
        help="Parts of the repairs under warranty at cost, and parts "
        "reimbursed to dealers.",
    )
    labour_cost = fields.Float(
        readonly=True,
        groups=COST_GROUP,
        help="Labour reimbursed to dealers (approved and paid dealer claims).",
    )
    replacement_cost = fields.Float(
        readonly=True,
        groups=COST_GROUP,
        help="Cost of the units given in replacement.",
    )
    refund_cost = fields.Float(
        readonly=True,
        groups=COST_GROUP,
        help="Posted credit notes of refunds and price reductions, untaxed.",
    )
    warranty_cost = fields.Float(
        readonly=True,
        groups=COST_GROUP,
        help="Parts, labour, replacements and refunds.",
    )
    unit_warranty_cost = fields.Float(
        string="Warranty Cost of These Units",
        readonly=True,
        groups=COST_GROUP,
        help="What the claims on the units delivered cost, whenever they were "
        "made: the numerator of the cost rate.",
    )
    recovered_amount = fields.Float(
        string="Recovered from Suppliers", readonly=True, groups=COST_GROUP
    )
    net_cost = fields.Float(
        string="Net Warranty Cost",
        readonly=True,
        groups=COST_GROUP,
        help="Warranty cost less what suppliers paid back.",
    )
    unit_net_cost = fields.Float(
        string="Net Warranty Cost of These Units",
        readonly=True,
        groups=COST_GROUP,
        help="What the claims on the units delivered cost, less supplier "
        "recoveries, whenever they were made: the numerator of the cost per "
        "unit.",
    )
    cost_per_claim = fields.Float(
        string="Net Cost per Claim",
        readonly=True,
        aggregator="sum",
        groups=COST_GROUP,
        help="Net warranty cost of the claims, per claim (those that cost "
        "nothing included). Empty without claims.",
    )
    cost_per_unit = fields.Float(
        string="Net Cost per Unit Sold",
        readonly=True,
        aggregator="sum",
        groups=COST_GROUP,
        help="What the claims on the units delivered cost, less supplier "
        "recoveries, per unit delivered. Empty where no unit was delivered.",
    )
    revenue = fields.Float(
        readonly=True,
        groups=COST_GROUP,
        help="Untaxed sale price of the units delivered.",
    )
    cost_rate = fields.Float(
        string="Warranty Cost (% of Revenue)",
        readonly=True,
        aggregator="sum",
        groups=COST_GROUP,
        help="What the claims on the units delivered cost, per 100 of what "
        "those units sold for. Empty where nothing was sold.",
    )
    date_refreshed = fields.Datetime(
        string="Figures Of",
        readonly=True,
        aggregator="max",
        help="When the figures were last computed (every hour, and on Refresh).",
    )

    def _read_group_select(self, aggregate_spec, query):
        """A ratio (see RATIOS), whatever aggregate is asked of it, is the
        ratio of the sums of its two parts in the group, rounded as
        ``percent`` rounds, and empty where the denominator is 0. The parts'
        own aggregates check that their fields may be read."""
        name, __, aggregate = aggregate_spec.partition(":")
        if name not in RATIOS or not aggregate:
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator = RATIOS[name]
        return SQL(
            "ROUND((%s * COALESCE(%s, 0) / NULLIF(%s, 0))::numeric, 2)::float",
            1.0 if name in AMOUNT_RATIOS else 100.0,
            super()._read_group_select(f"{numerator}:sum", query),
            super()._read_group_select(f"{denominator}:sum", query),
        )

    @api.model
    def _ratio(self, sums, name):
        """The percentage ``name`` (see RATIOS) from ``sums``, the 'field:sum'
        aggregates of a _read_group; None without a denominator."""
        numerator, denominator = RATIOS[name]
        return percent(sums[f"{numerator}:sum"], sums[f"{denominator}:sum"])

    def init(self):
        # A materialized view: grouping a million warranties and joining the
        # claims to their repairs, dealer claims and credit notes takes
        # seconds, reading the result takes milliseconds. The figures are
        # computed again by the hourly cron, the Refresh buttons and before
        # the weekly alert.
        # Indexes for the usual filters (the unique one of id comes with it).
        _create_materialized_view(
            self,
            (
                ("date", "date"),
                ("product", "product_id, date"),
                ("company", "company_id, date"),
            ),
        )

    @api.model
    def _refresh(self):
        """Compute the figures again from the claims and warranties."""
        # CONCURRENTLY: the figures stay readable while they are computed
        # again (a plain refresh locks out every reader, the dashboard and
        # the pivot, until the refreshing transaction ends). It takes about
        # three times as long, in the cron's worker or on the Refresh button;
        # the unique index on id (init) is what it needs.
        _refresh_materialized_view(self)

    @api.model
    def action_refresh(self):
        """Ask the cron worker for new figures, now, off this request.

        The refresh reads every claim and warranty (seconds at a million
        warranties): it runs in the cron's own worker, which the trigger
        wakes at once, and each after-sales user's screen hears when it is
        done (``_cron_refresh``). Clicking twice wakes it once.
        """
        if not self.env.user.has_group("aftersales_service.group_aftersales_user"):
            raise AccessError(
                self.env._("Only after-sales users refresh the analysis.")
            )
        self.env.ref(
            "aftersales_service.ir_cron_aftersales_claim_analysis"
        ).sudo()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "The figures are being computed in the background. "
                    "The dashboard shows them when they are ready; "
                    "reload a list to see them."
                ),
            },
        }

    @api.model
    def _cron_refresh(self):
        self._refresh()
        self.env["aftersales.service.exposure"]._refresh()
        self.env.ref("aftersales_service.group_aftersales_user")._bus_send(
            ANALYSIS_REFRESHED,
            {"refreshed": fields.Datetime.to_string(self._date_refreshed())},
        )

    @api.model
    def _date_refreshed(self):
        """When the figures were last computed."""
        self.env.cr.execute(
            SQL("SELECT date_refreshed FROM %s LIMIT 1", SQL.identifier(self._table))
        )
        row = self.env.cr.fetchone()
        return row and row[0]

    def _query(self):
        return SQL(
            """
            (
                WITH vendor AS (
                    SELECT DISTINCT ON (product_tmpl_id)
                           product_tmpl_id, partner_id
                      FROM product_supplierinfo
                     ORDER BY product_tmpl_id, sequence, id
                ), product AS (
                    SELECT pp.id, pt.categ_id, pt.tracking, vendor.partner_id,
                           pp.standard_price
                      FROM product_product pp
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                      LEFT JOIN vendor ON vendor.product_tmpl_id = pt.id
                ), parts AS (
                    SELECT ro.aftersales_claim_id AS claim_id,
                           SUM(sm.product_qty * COALESCE(
                               (pp.standard_price ->> sm.company_id::text)::numeric,
                               0)) AS cost
                      FROM stock_move sm
                      JOIN repair_order ro ON ro.id = sm.repair_id
                      JOIN product_product pp ON pp.id = sm.product_id
                     WHERE sm.repair_line_type = 'add' AND sm.state = 'done'
                       AND ro.under_warranty
                       AND ro.aftersales_claim_id IS NOT NULL
                     GROUP BY ro.aftersales_claim_id
                ), dealer AS (
                    SELECT claim_id, SUM(amount_parts) AS parts,
                           SUM(amount_labour) AS labour
                      FROM aftersales_dealer_claim
                     WHERE state IN ('approved', 'paid') AND claim_id IS NOT NULL
                     GROUP BY claim_id
                ), refund AS (
                    SELECT aftersales_claim_id AS claim_id,
                           -SUM(amount_untaxed_signed) AS amount
                      FROM account_move
                     WHERE move_type = 'out_refund' AND state = 'posted'
                       AND aftersales_claim_id IS NOT NULL
                     GROUP BY aftersales_claim_id
                ), failure AS (
                    SELECT aftersales_claim_id AS claim_id,
                           min(aftersales_failure_code_id) AS failure_id
                      FROM aftersales_claim_aftersales_failure_code_rel
                     GROUP BY aftersales_claim_id
                ), claim AS (
                    SELECT c.*, product.categ_id, product.partner_id AS vendor_id,
                           (product.standard_price ->> c.company_id::text)::numeric
                               AS unit_cost,
                           COALESCE(parent.date_start, w.date_start) AS date_sold,
                           COALESCE(parent.id, w.id) AS unit_warranty_id,
                           w.dealer_id AS seller_id,
                           c.state IN ('done', 'rejected') AS is_resolved,
                           GREATEST(0, COALESCE(c.date_closed::date, CURRENT_DATE)
                                       - c.date_deadline) AS days_late,
                           COALESCE(parts.cost, 0) + COALESCE(dealer.parts, 0)
                               AS parts_total,
                           COALESCE(dealer.labour, 0) AS labour_total,
                           COALESCE(refund.amount, 0) AS refund_total,
                           lp.penalty_rate, failure.failure_id
                      FROM aftersales_claim c
                      JOIN product ON product.id = c.product_id
                      LEFT JOIN aftersales_warranty w ON w.id = c.warranty_id
                      LEFT JOIN aftersales_warranty parent ON parent.id = w.parent_id
                      LEFT JOIN aftersales_legal_profile lp
                             ON lp.id = c.legal_profile_id
                      LEFT JOIN parts ON parts.claim_id = c.id
                      LEFT JOIN dealer ON dealer.claim_id = c.id
                      LEFT JOIN refund ON refund.claim_id = c.id
                      LEFT JOIN failure ON failure.claim_id = c.id
                     WHERE c.state != 'cancelled'
                ), claim_cost AS (
                    SELECT claim.*,
                           claim.parts_total + claim.labour_total
                           + claim.refund_total
                           + CASE WHEN claim.resolution = 'replaced'
                                  THEN COALESCE(claim.unit_cost, 0) ELSE 0 END
                               AS warranty_total
                      FROM claim
                ), unit_claim AS (
                    -- The claims of each unit's warranty (the one it was
                    -- delivered with, not its extensions): the claim rate's
                    -- numerator on the same rows as its denominator.
                    SELECT unit_warranty_id AS warranty_id, COUNT(*) AS claims,
                           SUM(warranty_total) AS cost,
                           SUM(warranty_total
                               - COALESCE(supplier_recovered_amount, 0))
                               AS net_cost
                      FROM claim_cost
                     WHERE unit_warranty_id IS NOT NULL
                     GROUP BY unit_warranty_id
                ), unit_line AS (
                    -- The warranties grouped first on their own columns (one
                    -- pass on the table), joined to products and prices after.
                    SELECT w.company_id, w.product_id, w.dealer_id,
                           CASE WHEN w.tracking = 'lot' THEN w.lot_id END
                               AS lot_id,
                           w.date_start - EXTRACT(DAY FROM w.date_start)::int + 1
                               AS month,
                           w.sale_line_id, min(w.id) AS first_id,
                           SUM(w.quantity) AS quantity,
                           SUM(COALESCE(unit_claim.claims, 0)) AS claims,
                           SUM(COALESCE(unit_claim.cost, 0)) AS cost,
                           SUM(COALESCE(unit_claim.net_cost, 0)) AS net_cost
                      FROM aftersales_warranty w
                      LEFT JOIN unit_claim ON unit_claim.warranty_id = w.id
                     WHERE w.parent_id IS NULL
                     GROUP BY 1, 2, 3, 4, 5, 6
                ), unit AS (
                    SELECT u.company_id, u.product_id, product.categ_id,
                           product.partner_id AS vendor_id, u.dealer_id, u.lot_id,
                           u.month, min(u.first_id) AS first_id,
                           SUM(u.quantity) AS quantity,
                           SUM(u.claims) AS claims, SUM(u.cost) AS cost,
                           SUM(u.net_cost) AS net_cost,
                           SUM(u.quantity * COALESCE(
                               sol.price_subtotal / NULLIF(sol.product_uom_qty, 0),
                               0)) AS revenue
                      FROM unit_line u
                      JOIN product ON product.id = u.product_id
                      LEFT JOIN sale_order_line sol ON sol.id = u.sale_line_id
                     GROUP BY 1, 2, 3, 4, 5, 6, 7
                )
                SELECT claim.id * 2 AS id,
                       claim.date_claim AS date,
                       claim.date_sold - EXTRACT(DAY FROM claim.date_sold)::int + 1
                           AS date_cohort,
                       claim.company_id, claim.id AS claim_id, claim.product_id,
                       claim.categ_id AS product_categ_id, claim.lot_id,
                       claim.failure_id AS failure_code_id,
                       claim.vendor_id AS supplier_id,
                       claim.seller_id AS dealer_id,
                       claim.dealer_id AS service_point_id, claim.user_id,
                       claim.claim_type, claim.coverage, claim.state,
                       1 AS claim_count, 0 AS unit_count,
                       0 AS unit_claim_count, NULL::float AS claim_rate,
                       CASE WHEN claim.days_late > 0 THEN 1 ELSE 0 END
                           AS late_count,
                       CASE WHEN claim.is_resolved THEN 1 ELSE 0 END
                           AS resolved_count,
                       CASE WHEN claim.is_resolved AND claim.days_late = 0
                            THEN 1 ELSE 0 END AS resolved_on_time_count,
                       CASE WHEN claim.is_resolved
                            THEN CASE WHEN claim.days_late = 0 THEN 100 ELSE 0 END
                       END AS on_time_rate,
                       CASE WHEN claim.is_resolved
                            THEN EXTRACT(EPOCH FROM claim.date_closed
                                         - claim.date_claim::timestamp) / 86400
                       END AS resolution_days,
                       COALESCE(claim.unit_price * claim.penalty_rate / 100
                                * claim.days_late, 0) AS penalty_amount,
                       claim.parts_total AS parts_cost,
                       claim.labour_total AS labour_cost,
                       CASE WHEN claim.resolution = 'replaced'
                            THEN COALESCE(claim.unit_cost, 0) ELSE 0 END
                           AS replacement_cost,
                       claim.refund_total AS refund_cost,
                       claim.warranty_total AS warranty_cost,
                       0 AS unit_warranty_cost,
                       COALESCE(claim.supplier_recovered_amount, 0)
                           AS recovered_amount,
                       0 AS revenue, NULL::float AS cost_rate,
                       now() AT TIME ZONE 'UTC' AS date_refreshed,
                       claim.warranty_total
                           - COALESCE(claim.supplier_recovered_amount, 0)
                           AS net_cost,
                       0 AS unit_net_cost,
                       claim.warranty_total
                           - COALESCE(claim.supplier_recovered_amount, 0)
                           AS cost_per_claim,
                       NULL::float AS cost_per_unit
                  FROM claim_cost AS claim
                UNION ALL
                SELECT unit.first_id * 2 + 1, unit.month, unit.month,
                       unit.company_id, NULL, unit.product_id, unit.categ_id,
                       unit.lot_id, NULL, unit.vendor_id, unit.dealer_id, NULL,
                       NULL, NULL, NULL, NULL,
                       0, unit.quantity, unit.claims,
                       100.0 * unit.claims / NULLIF(unit.quantity, 0),
                       0, 0, 0, NULL, NULL, 0,
                       0, 0, 0, 0, 0, unit.cost, 0, unit.revenue,
                       100.0 * unit.cost / NULLIF(unit.revenue, 0),
                       now() AT TIME ZONE 'UTC',
                       0, unit.net_cost, NULL::float,
                       unit.net_cost / NULLIF(unit.quantity, 0)
                  FROM unit
            )
            """
        )


def _create_materialized_view(model, indexes, *settings):
    """Create ``model``'s table as a materialized view of its ``_query()``,
    with a unique index on id (what a concurrent refresh needs) and the
    ``indexes``, (name, columns) pairs; ``settings`` are context managers of
    the cursor (such as ``_without_jit``, always on) around the query."""
    cr = model.env.cr
    table = SQL.identifier(model._table)
    cr.execute(SQL("DROP MATERIALIZED VIEW IF EXISTS %s", table))
    with ExitStack() as stack:
        for setting in (_without_jit, *settings):
            stack.enter_context(setting(cr))
        cr.execute(SQL("CREATE MATERIALIZED VIEW %s AS %s", table, model._query()))
    for name, columns in (("id", "id"), *indexes):
        cr.execute(
            SQL(
                "CREATE %s INDEX %s ON %s (%s)",
                SQL("UNIQUE" if name == "id" else ""),
                SQL.identifier(f"{model._table}_{name}_index"),
                table,
                SQL(columns),
            )
        )


def _refresh_materialized_view(model, *settings):
    """Compute ``model``'s materialized view again, readable meanwhile
    (CONCURRENTLY), with the same ``settings`` as its creation."""
    model.env.flush_all()
    with ExitStack() as stack:
        for setting in (_without_jit, *settings):
            stack.enter_context(setting(model.env.cr))
        model.env.cr.execute(
            SQL(
                "REFRESH MATERIALIZED VIEW CONCURRENTLY %s",
                SQL.identifier(model._table),
            )
        )
    model.env.invalidate_all()


@contextmanager
def _without_jit(cr):
    """Postgres would spend seconds compiling the big aggregation (JIT)
    to save less than that: off for the statement."""
    cr.execute("SET LOCAL jit = off")
    try:
        yield
    finally:
        cr.execute("SET LOCAL jit = DEFAULT")
