# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.aftersales_claim import percent

# Ratio measures: (numerator, denominator, factor). A ratio of sums cannot be
# summed nor averaged over the rows: read_group computes it from the two sums
# of each group (as the claim analysis does); empty where the denominator is 0.
RATIOS = {
    "first_time_fix_rate": ("first_time_fix_count", "claim_count", 100.0),
    "visits_per_claim": ("claim_visit_count", "claim_count", 1.0),
    "early_claim_rate": ("early_claim_count", "commissioning_count", 100.0),
}
# A claim made this many days after a commissioning counts as caused by the
# installation.
EARLY_DAYS = 30


class AftersalesVisitAnalysis(models.Model):
    """On-site visits, one row per visit that is not cancelled.

    The claim's figures sit on the row of its first visit (so that, summed
    over any grouping, each claim counts once, for the technician and the
    dealer of its first visit): the claim itself, and whether it was closed
    after that one visit (first-time fix). The claims made on a unit within
    30 days of its commissioning sit on the commissioning visit's row."""

    _name = "aftersales.visit.analysis"
    _description = "On-Site Visit Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "fsm_order_id"
    # Read before the view: the ORM flushes these first.
    _depends = {
        "fsm.order": [
            "stage_id",
            "company_id",
            "person_id",
            "date_start",
            "date_end",
            "scheduled_date_start",
            "aftersales_visit_type",
            "aftersales_claim_id",
            "aftersales_dealer_id",
            "aftersales_lot_ids",
            "aftersales_commissioned_on",
        ],
        "fsm.stage": ["is_closed"],
        "aftersales.claim": ["state", "lot_id", "date_claim"],
    }

    fsm_order_id = fields.Many2one(
        comodel_name="fsm.order", string="Visit", readonly=True
    )
    date = fields.Date(
        readonly=True, help="When the visit ended; not done yet: when it is planned."
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    visit_type = fields.Selection(
        selection=lambda self: (
            self.env["fsm.order"]._fields["aftersales_visit_type"].selection
        ),
        readonly=True,
    )
    person_id = fields.Many2one(
        comodel_name="fsm.person", string="Technician", readonly=True
    )
    dealer_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    claim_id = fields.Many2one(comodel_name="aftersales.claim", readonly=True)
    stage_id = fields.Many2one(comodel_name="fsm.stage", readonly=True)
    visit_count = fields.Integer(string="Visits", readonly=True)
    done_count = fields.Integer(string="Visits Done", readonly=True)
    hours_on_site = fields.Float(
        string="Time on Site (h)",
        readonly=True,
        help="From the visit's actual start to its actual end.",
    )
    claim_count = fields.Integer(
        string="Claims with Visits",
        readonly=True,
        help="Claims handled on site, counted on their first visit.",
    )
    claim_visit_count = fields.Integer(
        string="Claim Visits",
        readonly=True,
        help="Visits made for a claim.",
    )
    first_time_fix_count = fields.Integer(
        string="Fixed at First Visit",
        readonly=True,
        help="Claims closed (done) with a single visit.",
    )
    first_time_fix_rate = fields.Float(
        string="First-Time Fix (%)",
        readonly=True,
        aggregator="sum",
        help="Claims closed with one visit, per 100 claims with visits.",
    )
    visits_per_claim = fields.Float(
        string="Visits per Claim",
        readonly=True,
        aggregator="sum",
        help="Visits made for claims, per claim with visits.",
    )
    commissioning_count = fields.Integer(
        string="Commissionings",
        readonly=True,
        help="Commissioning visits done.",
    )
    early_claim_count = fields.Integer(
        string="Claims within 30 Days of Commissioning",
        readonly=True,
        help="Claims made on the units of a commissioning within 30 days of "
        "it (failures the installation may have caused), counted on the "
        "commissioning visit: its technician and dealer.",
    )
    early_claim_rate = fields.Float(
        string="Claims within 30 Days (%)",
        readonly=True,
        aggregator="sum",
        help="Claims within 30 days of a commissioning, per 100 commissionings.",
    )

    def _read_group_select(self, aggregate_spec, query):
        """A ratio (see RATIOS), whatever aggregate is asked of it, is the
        ratio of the sums of its two parts in the group."""
        name, __, aggregate = aggregate_spec.partition(":")
        if name not in RATIOS or not aggregate:
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator, factor = RATIOS[name]
        return SQL(
            "ROUND((%s * COALESCE(%s, 0) / NULLIF(%s, 0))::numeric, 2)::float",
            factor,
            super()._read_group_select(f"{numerator}:sum", query),
            super()._read_group_select(f"{denominator}:sum", query),
        )

    @api.model
    def _ratio(self, sums, name):
        """The ratio ``name`` from ``sums``, the 'field:sum' aggregates of a
        _read_group; None without a denominator."""
        numerator, denominator, factor = RATIOS[name]
        rate = percent(sums[f"{numerator}:sum"], sums[f"{denominator}:sum"])
        return None if rate is None else round(rate * factor / 100.0, 2)

    def init(self):
        # A plain view: the rows are the visits themselves (indexed by
        # claim), a few window functions over them; read at once.
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS %s",
                SQL.identifier(self._table),
                self._query(),
            )
        )

    def _query(self):
        lots = self.env["fsm.order"]._fields["aftersales_lot_ids"]
        cancelled = self.env.ref(
            "fieldservice.fsm_stage_cancelled", raise_if_not_found=False
        )
        return SQL(
            """
            WITH visit AS (
                SELECT o.*,
                       stage.is_closed,
                       COUNT(*) OVER (PARTITION BY o.aftersales_claim_id) AS of_claim,
                       ROW_NUMBER() OVER (
                           PARTITION BY o.aftersales_claim_id ORDER BY o.id
                       ) AS rank_in_claim
                  FROM fsm_order o
                  JOIN fsm_stage stage ON stage.id = o.stage_id
                 WHERE o.stage_id != %(cancelled)s
            ), early AS (
                SELECT v.id AS visit_id, COUNT(DISTINCT claim.id) AS claims
                  FROM visit v
                  JOIN %(lot_table)s rel ON rel.%(lot_visit)s = v.id
                  JOIN aftersales_claim claim ON claim.lot_id = rel.%(lot_lot)s
                 WHERE v.aftersales_visit_type = 'commissioning'
                   AND v.is_closed
                   AND claim.date_claim >= COALESCE(
                           v.aftersales_commissioned_on, v.date_end::date)
                   AND claim.date_claim <= COALESCE(
                           v.aftersales_commissioned_on, v.date_end::date)
                           + %(days)s
                 GROUP BY v.id
            )
            SELECT v.id AS id,
                   v.id AS fsm_order_id,
                   COALESCE(v.date_end, v.scheduled_date_start)::date AS date,
                   v.company_id,
                   v.aftersales_visit_type AS visit_type,
                   v.person_id,
                   v.aftersales_dealer_id AS dealer_id,
                   v.aftersales_claim_id AS claim_id,
                   v.stage_id,
                   1 AS visit_count,
                   CASE WHEN v.is_closed THEN 1 ELSE 0 END AS done_count,
                   COALESCE(
                       EXTRACT(EPOCH FROM (v.date_end - v.date_start)) / 3600.0, 0
                   )::float AS hours_on_site,
                   CASE WHEN v.aftersales_claim_id IS NOT NULL
                         AND v.rank_in_claim = 1 THEN 1 ELSE 0 END AS claim_count,
                   CASE WHEN v.aftersales_claim_id IS NOT NULL
                        THEN 1 ELSE 0 END AS claim_visit_count,
                   CASE WHEN v.aftersales_claim_id IS NOT NULL
                         AND v.rank_in_claim = 1
                         AND v.of_claim = 1
                         AND claim.state = 'done' THEN 1 ELSE 0 END
                       AS first_time_fix_count,
                   CASE WHEN v.aftersales_claim_id IS NOT NULL
                         AND v.rank_in_claim = 1
                         AND v.of_claim = 1
                         AND claim.state = 'done' THEN 100.0 ELSE 0 END::float
                       AS first_time_fix_rate,
                   CASE WHEN v.aftersales_claim_id IS NOT NULL
                        THEN 1.0 ELSE 0 END::float AS visits_per_claim,
                   CASE WHEN v.aftersales_visit_type = 'commissioning'
                         AND v.is_closed THEN 1 ELSE 0 END AS commissioning_count,
                   COALESCE(early.claims, 0) AS early_claim_count,
                   COALESCE(early.claims, 0) * 100.0::float AS early_claim_rate
              FROM visit v
              LEFT JOIN aftersales_claim claim ON claim.id = v.aftersales_claim_id
              LEFT JOIN early ON early.visit_id = v.id
            """,
            cancelled=cancelled.id if cancelled else 0,
            lot_table=SQL.identifier(lots.relation),
            lot_visit=SQL.identifier(lots.column1),
            lot_lot=SQL.identifier(lots.column2),
            days=EARLY_DAYS,
        )
