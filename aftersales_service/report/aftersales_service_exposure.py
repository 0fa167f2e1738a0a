# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict
from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.aftersales_withdrawal_early_warning import cumulate
from .aftersales_claim_analysis import (
    _create_materialized_view,
    _refresh_materialized_view,
)

# Rates per 1,000, each a ratio of two sums counted on the same units (see
# the analysis' RATIOS): the claims of the units in service over the
# unit-months they were in service, and over the units that reached each
# month in service. Empty where the denominator is 0.
RATES = {
    "claim_rate": ("service_claim_count", "exposure"),
    "age_rate": ("service_claim_count", "unit_at_age"),
}
RATE_NOTES = [
    ("no_warranty", "Claim on a unit without a registered warranty"),
    ("outside", "Claim made while the unit was not in service"),
]


class AftersalesServiceExposure(models.Model):
    """The units in service, month by month, and the claims they drew.

    A unit is in service from the start of its warranty to the first of: the
    end of its coverage (its extensions included), its return, the day its
    warranty became void (a replacement voids it), the day of the figures.
    Each row sums the units of one product, lot, dealer, country and sale
    month over one calendar month: the unit-months they were in service
    there (``exposure``), the units in service at the month's end, and the
    claims made on them meanwhile. Months in service count calendar months,
    the sale month being the first. Claims that find no unit in service
    (none registered, or made outside its time in service) have rows of
    their own, without units, and say why (``rate_note``)."""

    _name = "aftersales.service.exposure"
    _description = "Units in Service and Claims"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "product_id"

    date = fields.Date(
        string="Month",
        readonly=True,
        help="The calendar month (its first day).",
    )
    date_cohort = fields.Date(
        string="Sale Month",
        readonly=True,
        help="The month the units' warranty started: their cohort.",
    )
    months_in_service = fields.Integer(
        string="Months in Service",
        readonly=True,
        aggregator=False,
        help="The month of the units' life: 1 for their sale month, 2 for the "
        "next one, and so on.",
    )
    months_covered = fields.Integer(
        readonly=True,
        aggregator=False,
        help="The last month in service the units' coverage reaches, their "
        "extensions included (months counted as Months in Service); empty "
        "for a coverage without end.",
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    product_categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Lot/Serial",
        readonly=True,
        help="For products tracked by lots; per product for serial numbers.",
    )
    supplier_id = fields.Many2one(
        comodel_name="res.partner", readonly=True, help="The product's first vendor."
    )
    dealer_id = fields.Many2one(
        comodel_name="res.partner", readonly=True, help="The dealer who sold the unit."
    )
    country_id = fields.Many2one(
        comodel_name="res.country", readonly=True, help="The customer's country."
    )
    rate_note = fields.Selection(
        selection=RATE_NOTES,
        string="Not in the Rate",
        readonly=True,
        help="Why the claims of this row have no unit in service to be counted "
        "against. Empty for the units in service and their claims.",
    )
    exposure = fields.Float(
        string="Unit-Months in Service",
        digits=(16, 2),
        readonly=True,
        help="Months each unit was in service in the month, summed: a unit "
        "in service half of the month counts 0.5.",
    )
    unit_count = fields.Float(
        string="Units in Service",
        digits="Product Unit of Measure",
        readonly=True,
        help="Units in service at the end of the month (on the day of the "
        "figures for the current month). Sum it over one month only.",
    )
    unit_at_age = fields.Float(
        string="Units at This Age",
        digits=(16, 2),
        readonly=True,
        help="The units that reached this month in service, each counted for "
        "the share of that month it was seen in service (a unit sold five "
        "months ago counts for months 1 to 5 only).",
    )
    claim_count = fields.Integer(
        string="Claims",
        readonly=True,
        help="All claims of the month, those without a unit in service too.",
    )
    service_claim_count = fields.Integer(
        string="Claims in Service",
        readonly=True,
        help="Claims made on the units while they were in service: the "
        "numerator of the rates.",
    )
    claim_rate = fields.Float(
        string="Claims per 1,000 Unit-Months",
        digits=(16, 2),
        readonly=True,
        aggregator="sum",
        help="Claims in service per 1,000 unit-months in service. Empty where "
        "no unit was in service: claims without units have no rate (see Not "
        "in the Rate).",
    )
    age_rate = fields.Float(
        string="Claims per 1,000 Units at This Age",
        digits=(16, 2),
        readonly=True,
        aggregator="sum",
        help="Grouped by months in service: the claims at that age per 1,000 "
        "units that reached it. Cumulated over the ages (the graph's "
        "Cumulative option), the R/1000 curve. Empty for an age no unit "
        "reached.",
    )
    date_refreshed = fields.Datetime(
        string="Figures Of", readonly=True, aggregator="max"
    )

    def _read_group_select(self, aggregate_spec, query):
        """A rate (see RATES), whatever aggregate is asked of it, is the ratio
        of the sums of its two parts in the group, empty where the
        denominator is 0."""
        name, __, aggregate = aggregate_spec.partition(":")
        if name not in RATES or not aggregate:
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator = RATES[name]
        return SQL(
            "ROUND((1000.0 * COALESCE(%s, 0) / NULLIF(%s, 0))::numeric, 2)::float",
            super()._read_group_select(f"{numerator}:sum", query),
            super()._read_group_select(f"{denominator}:sum", query),
        )

    def init(self):
        # A materialized view, as the claim analysis: a row per unit and
        # month is tens of millions of rows at a million warranties, their
        # sums per product, dealer, country and months are what is read.
        _create_materialized_view(
            self,
            (
                ("product", "product_id, months_in_service"),
                ("company", "company_id, date"),
            ),
            _work_mem,
        )

    @api.model
    def _refresh(self):
        """Compute the figures again; readable meanwhile (CONCURRENTLY, on
        the unique index of id), as the claim analysis."""
        _refresh_materialized_view(self, _work_mem)

    @api.model
    def _date_refreshed(self):
        """The day of the figures: the units in service up to that day."""
        self.env.cr.execute(
            SQL("SELECT max(date_refreshed) FROM %s", SQL.identifier(self._table))
        )
        row = self.env.cr.fetchone()
        return row and row[0]

    @api.model
    def _mis_curve(self, domain=(), groupby="date_cohort:month", date_ref=None):
        """The months-in-service curves of the units of ``domain``: one per
        value of ``groupby`` (the sale months by default) and, under the
        key False, the curve of them all. Each is a list of (age, claims per
        1,000 units at that age, cumulative claims per 1,000 units, units at
        that age) from age 1 to the oldest age reached (see ``cumulate``);
        each age counts only the units that reached it. ``date_ref``: the
        figures as they stood at the end of that month; not in the future.
        ``groupby`` may be a tuple of groupings: the keys are then tuples of
        their values; the curve of them all stays under False."""
        today = fields.Date.context_today(self)
        domain = [*domain, ("rate_note", "=", False)]
        if date_ref:
            date_ref = fields.Date.to_date(date_ref)
            if date_ref > today:
                raise UserError(
                    self.env._(
                        "The reference date %(date)s is in the future: the units "
                        "in service are known up to today, %(today)s.",
                        date=fields.Date.to_string(date_ref),
                        today=fields.Date.to_string(today),
                    )
                )
            domain.append(("date", "<=", date_ref))
        groupbys = list(groupby) if isinstance(groupby, tuple) else [groupby]
        ages_of = defaultdict(dict)
        overall = defaultdict(lambda: [0, 0.0])
        for *keys, age, claims, units in self._read_group(
            domain,
            [*groupbys, "months_in_service"],
            ["service_claim_count:sum", "unit_at_age:sum"],
        ):
            key = tuple(keys) if isinstance(groupby, tuple) else keys[0]
            ages_of[key][age] = (claims, units)
            overall[age][0] += claims
            overall[age][1] += units
        ages_of[False] = {age: tuple(sums) for age, sums in overall.items()}
        up_to = max(overall, default=0)
        return {key: cumulate(ages, up_to) for key, ages in ages_of.items()}

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
                    SELECT pp.id, pt.categ_id, vendor.partner_id AS vendor_id
                      FROM product_product pp
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                      LEFT JOIN vendor ON vendor.product_tmpl_id = pt.id
                ), extension AS (
                    SELECT parent_id, max(date_end) AS date_end
                      FROM aftersales_warranty
                     WHERE parent_id IS NOT NULL AND state != 'void'
                     GROUP BY parent_id
                ), unit_base AS (
                    -- A unit is its first warranty (extensions only prolong
                    -- its coverage). date_covered: the last day its coverage
                    -- would hold; date_to: the last day it was seen in
                    -- service (returned, void, or today).
                    SELECT w.id, w.company_id, w.product_id, w.dealer_id,
                           CASE WHEN w.tracking = 'lot' THEN w.lot_id END
                               AS lot_id,
                           COALESCE(partner.country_id, commercial.country_id)
                               AS country_id,
                           w.quantity, w.state = 'void' AS is_void,
                           w.date_start AS date_from,
                           w.date_start - EXTRACT(DAY FROM w.date_start)::int + 1
                               AS cohort,
                           (EXTRACT(YEAR FROM w.date_start) * 12
                            + EXTRACT(MONTH FROM w.date_start))::int AS first_index,
                           COALESCE(GREATEST(w.date_end, extension.date_end),
                                    'infinity'::date) AS date_covered,
                           LEAST(GREATEST(w.date_end, extension.date_end),
                                 CASE WHEN w.state = 'void'
                                      THEN COALESCE(w.date_void, w.write_date::date)
                                 END,
                                 CURRENT_DATE) AS date_to
                      FROM aftersales_warranty w
                      JOIN res_partner partner ON partner.id = w.partner_id
                      LEFT JOIN res_partner commercial
                             ON commercial.id = partner.commercial_partner_id
                      LEFT JOIN extension ON extension.parent_id = w.id
                     WHERE w.parent_id IS NULL AND w.date_start <= CURRENT_DATE
                ), unit AS (
                    SELECT unit_base.*,
                           (EXTRACT(YEAR FROM date_to) * 12
                            + EXTRACT(MONTH FROM date_to))::int AS last_index,
                           CASE WHEN date_covered < 'infinity'::date
                                THEN (EXTRACT(YEAR FROM date_covered) * 12
                                      + EXTRACT(MONTH FROM date_covered))::int
                                     - first_index + 1
                           END AS covered
                      FROM unit_base
                     WHERE date_to >= date_from
                ), month AS MATERIALIZED (
                    -- The calendar months, numbered (year * 12 + month):
                    -- joined to the units, their bounds are columns rather
                    -- than date arithmetic on every unit and month.
                    SELECT (EXTRACT(YEAR FROM m) * 12 + EXTRACT(MONTH FROM m))::int
                               AS index,
                           m::date AS first,
                           (m + interval '1 month')::date - 1 AS last
                      FROM generate_series(
                               (SELECT date_trunc('month', min(date_start))::timestamp
                                  FROM aftersales_warranty
                                 WHERE parent_id IS NULL),
                               CURRENT_DATE::timestamp,
                               interval '1 month') AS m
                ), unit_month AS (
                    SELECT unit.*, month.index - unit.first_index + 1 AS mis,
                           month.first, month.last
                      FROM unit
                      JOIN month
                        ON month.index BETWEEN unit.first_index AND unit.last_index
                ), claim AS (
                    SELECT c.id, c.company_id, c.product_id, c.date_claim,
                           COALESCE(w.parent_id, w.id) AS unit_id,
                           CASE WHEN w.tracking = 'lot' THEN w.lot_id END
                               AS lot_id,
                           w.dealer_id,
                           COALESCE(partner.country_id, commercial.country_id)
                               AS country_id
                      FROM aftersales_claim c
                      JOIN res_partner partner ON partner.id = c.partner_id
                      LEFT JOIN res_partner commercial
                             ON commercial.id = partner.commercial_partner_id
                      LEFT JOIN aftersales_warranty w ON w.id = c.warranty_id
                     WHERE c.state != 'cancelled' AND c.date_claim IS NOT NULL
                ), service_claim AS (
                    SELECT claim.unit_id,
                           (EXTRACT(YEAR FROM claim.date_claim) * 12
                            + EXTRACT(MONTH FROM claim.date_claim))::int
                               - unit.first_index + 1 AS mis,
                           count(*) AS claims
                      FROM claim
                      JOIN unit ON unit.id = claim.unit_id
                     WHERE claim.date_claim BETWEEN unit.date_from AND unit.date_to
                     GROUP BY 1, 2
                ), in_service AS (
                    -- The units' rows and their claims; their groups and those
                    -- of the claims without units (rate_note) never meet.
                    SELECT um.company_id, um.product_id, um.lot_id, um.dealer_id,
                           um.country_id, um.cohort, um.first AS month, um.mis,
                           NULL AS rate_note, um.covered,
                           SUM(um.quantity
                               * (LEAST(um.date_to, um.last)
                                  - GREATEST(um.date_from, um.first) + 1)
                               / (um.last - um.first + 1)::float) AS exposure,
                           -- In service at the month's end (today for this
                           -- month, where a unit void today is gone).
                           SUM(CASE WHEN um.date_to >= LEAST(um.last, CURRENT_DATE)
                                     AND NOT (um.is_void
                                              AND um.date_to >= CURRENT_DATE)
                                    THEN um.quantity ELSE 0 END) AS units,
                           SUM(um.quantity
                               * (LEAST(um.date_to, um.last)
                                  - GREATEST(um.date_from, um.first) + 1)
                               / (LEAST(um.date_covered, um.last)
                                  - GREATEST(um.date_from, um.first) + 1)::float)
                               AS unit_at_age,
                           SUM(COALESCE(sc.claims, 0)) AS claims,
                           SUM(COALESCE(sc.claims, 0)) AS service_claims
                      FROM unit_month um
                      LEFT JOIN service_claim sc
                             ON sc.unit_id = um.id AND sc.mis = um.mis
                     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 10
                ), outside AS (
                    -- The claims that found no unit in service.
                    SELECT claim.company_id, claim.product_id, claim.lot_id,
                           claim.dealer_id, claim.country_id, unit.cohort,
                           claim.date_claim
                               - EXTRACT(DAY FROM claim.date_claim)::int + 1
                               AS month,
                           CASE WHEN unit.id IS NOT NULL
                                THEN (EXTRACT(YEAR FROM claim.date_claim) * 12
                                      + EXTRACT(MONTH FROM claim.date_claim))::int
                                     - unit.first_index + 1
                           END AS mis,
                           CASE WHEN claim.unit_id IS NULL THEN 'no_warranty'
                                ELSE 'outside' END AS rate_note
                      FROM claim
                      LEFT JOIN unit ON unit.id = claim.unit_id
                     WHERE unit.id IS NULL
                        OR claim.date_claim NOT BETWEEN unit.date_from
                                                    AND unit.date_to
                ), grouped AS (
                    SELECT * FROM in_service
                    UNION ALL
                    SELECT company_id, product_id, lot_id, dealer_id, country_id,
                           cohort, month, mis, rate_note, NULL::int, 0, 0, 0,
                           count(*), 0
                      FROM outside
                     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
                )
                SELECT row_number() OVER (
                           ORDER BY g.company_id, g.product_id, g.lot_id,
                                    g.dealer_id, g.country_id, g.cohort, g.month,
                                    g.mis, g.rate_note, g.covered) AS id,
                       g.month AS date, g.cohort AS date_cohort,
                       g.mis AS months_in_service, g.covered AS months_covered,
                       g.company_id, g.product_id,
                       product.categ_id AS product_categ_id, g.lot_id,
                       product.vendor_id AS supplier_id, g.dealer_id,
                       g.country_id, g.rate_note::varchar AS rate_note,
                       g.exposure, g.units AS unit_count, g.unit_at_age,
                       g.claims AS claim_count,
                       g.service_claims AS service_claim_count,
                       1000.0 * g.service_claims / NULLIF(g.exposure, 0)
                           AS claim_rate,
                       1000.0 * g.service_claims / NULLIF(g.unit_at_age, 0)
                           AS age_rate,
                       now() AT TIME ZONE 'UTC' AS date_refreshed
                  FROM grouped g
                  JOIN product ON product.id = g.product_id
            )
            """
        )


@contextmanager
def _work_mem(cr):
    """The months of every unit are summed in memory: with the default
    4 MB Postgres sorts them on disk instead, several times slower. For the
    statement only."""
    cr.execute("SET LOCAL work_mem = '256MB'")
    try:
        yield
    finally:
        cr.execute("SET LOCAL work_mem = DEFAULT")
