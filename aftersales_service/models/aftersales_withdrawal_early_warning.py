# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The early warning of the withdrawal proposals: a sale month whose claims
at 3 months in service run above the product's history."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import format_date

EARLY_AGE = 3


def cumulate(ages, up_to):
    """The curve of ``ages`` ({age: (claims, units at that age)}) from age 1
    to ``up_to``: [(age, claims per 1,000 units at that age, cumulative
    claims per 1,000 units, units at that age)]. The cumulative figure is
    the sum of the rates of the ages so far (the expected claims of a unit
    by that age); from an age no unit reached on, both are None: no figure,
    rather than a 0 that would say no claim."""
    curve, cumulative = [], 0.0
    for age in range(1, up_to + 1):
        claims, units = ages.get(age, (0, 0.0))
        if cumulative is None or units <= 1e-9:
            cumulative = None
            curve.append((age, None, None, round(units, 2)))
            continue
        rate = 1000.0 * claims / units
        cumulative += rate
        curve.append((age, round(rate, 2), round(cumulative, 2), round(units, 2)))
    return curve


class AftersalesWithdrawalEarlyWarning(models.Model):
    # One file per concern, as Odoo core splits its large models.
    _inherit = "aftersales.withdrawal.proposal"  # pylint: disable=consider-merging-classes-inherited

    alert_type = fields.Selection(
        selection=[
            ("rate", "Claim Rate"),
            ("early_warning", "Early Warning at 3 MIS"),
        ],
        string="Raised By",
        default="rate",
        required=True,
        readonly=True,
        help="- Claim Rate: the product's claim rate over the period passed "
        "its category's threshold.\n"
        "- Early Warning at 3 MIS: the units of one sale month drew, in their "
        "first three months in service, more claims per 1,000 units than the "
        "product's earlier sales (or its category's) times the category's "
        "factor, long before their 12-month figure exists.",
    )
    date_cohort = fields.Date(
        string="Sale Month",
        readonly=True,
        help="The sale month of the units that raised the early warning.",
    )
    early_rate = fields.Float(
        string="R/1000 at 3 MIS",
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        help="Cumulative claims per 1,000 units of the sale month at 3 months "
        "in service.",
    )
    early_reference = fields.Float(
        string="History R/1000 at 3 MIS",
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        help="The same figure for the earlier sales of the product, or of its "
        "category where the product has too few.",
    )

    @api.model
    def _cron_systematic_defects(self):
        proposals = super()._cron_systematic_defects()
        self.env["aftersales.service.exposure"]._refresh()
        early = self.sudo().create(
            self._early_warnings(fields.Date.context_today(self))
        )
        early._schedule_decision_activities()
        return proposals | early

    def _early_warnings(self, today):
        """The values of the early warnings of today: a sale month of the
        alert period whose third month in service is over, with at least
        the category's minimum units then, and whose cumulative claims per
        1,000 units at 3 MIS exceed the history's times the factor."""
        categories = self.env["product.category"]
        alerting = categories.search([("aftersales_early_warning_factor", ">", 0)])
        settings = categories.search(
            [("id", "child_of", alerting.ids)]
        )._aftersales_early_warning_settings()
        if not settings:
            return []
        rows = (
            self.env["aftersales.service.exposure"]
            .sudo()
            ._read_group(
                [
                    ("product_categ_id", "in", [c.id for c in settings]),
                    ("months_in_service", "<=", EARLY_AGE),
                    ("rate_note", "=", False),
                ],
                ["company_id", "product_id", "date_cohort:month", "months_in_service"],
                ["service_claim_count:sum", "unit_at_age:sum"],
            )
        )
        # {(company, product): {cohort: {age: (claims, units)}}}
        cohorts = {}
        for company, product, cohort, age, claims, units in rows:
            product_cohorts = cohorts.setdefault((company, product), {})
            product_cohorts.setdefault(cohort, {})[age] = (claims, units)
        last_complete = today.replace(day=1) - relativedelta(months=EARLY_AGE)
        candidates = []
        for (company, product), by_cohort in cohorts.items():
            if not product.sale_ok:
                continue
            factor, min_units, months = settings[product.categ_id]
            first = today - relativedelta(months=months, day=1)
            for cohort, ages in by_cohort.items():
                if not first <= cohort <= last_complete:
                    continue
                age, __, rate, units = cumulate(ages, EARLY_AGE)[-1]
                if rate is None or units < min_units:
                    continue
                reference = self._early_reference(
                    cohorts, company, product, cohort, min_units
                )
                if reference and rate > factor * reference:
                    claims = sum(ages[a][0] for a in ages)
                    candidates.append(
                        (company, product, cohort, units, claims, rate, reference)
                    )
        if not candidates:
            return []
        skip = self._recently_proposed(
            [(company, product) for company, product, *__ in candidates], today
        )
        return [
            {
                "company_id": company.id,
                "product_id": product.id,
                "alert_type": "early_warning",
                "date_cohort": cohort,
                "date_from": cohort,
                "date_to": cohort + relativedelta(months=EARLY_AGE, days=-1),
                "unit_count": units,
                "claim_count": claims,
                "early_rate": rate,
                "early_reference": reference,
                # Per 100 units, as the claim rate alerts.
                "claim_rate": round(rate / 10, 2),
                "threshold": round(settings[product.categ_id][0] * reference / 10, 2),
            }
            for company, product, cohort, units, claims, rate, reference in candidates
            if (company, product) not in skip
        ]

    @api.model
    def _early_reference(self, cohorts, company, product, cohort, min_units):
        """R/1000 at 3 MIS of the sales before ``cohort``: the product's when
        they reached the minimum units at 3 MIS, else its category's (same
        company); None without such a history."""

        def history(pairs):
            ages = {}
            for pair in pairs:
                for earlier, earlier_ages in cohorts[pair].items():
                    if earlier >= cohort:
                        continue
                    for age, (claims, units) in earlier_ages.items():
                        sums = ages.get(age, (0, 0.0))
                        ages[age] = (sums[0] + claims, sums[1] + units)
            __, ___, rate, units = cumulate(ages, EARLY_AGE)[-1]
            return rate if rate is not None and units >= min_units else None

        own = history([(company, product)])
        if own is not None:
            return own
        return history(
            [
                pair
                for pair in cohorts
                if pair[0] == company and pair[1].categ_id == product.categ_id
            ]
        )

    def _schedule_decision_activities(self):
        early = self.filtered(lambda p: p.alert_type == "early_warning")
        activities = super(
            AftersalesWithdrawalEarlyWarning, self - early
        )._schedule_decision_activities()
        managers = {
            company: company._aftersales_manager() for company in early.company_id
        }
        entries = []
        for proposal in early:
            manager = managers[proposal.company_id]
            env = self.with_context(lang=manager.lang or self.env.lang).env
            summary = env._(
                "Decide: withdraw %(product)s?",
                product=proposal.product_id.display_name,
            )
            units = f"{proposal.unit_count:g}"
            sale_month = format_date(env, proposal.date_cohort, date_format="MMMM y")
            note = env._(
                "Early warning: the %(units)s units sold in %(month)s drew "
                "%(claims)s claims in their first 3 months in service, "
                "%(rate)s per 1,000 units against %(reference)s for the "
                "earlier sales.",
                units=units,
                month=sale_month,
                claims=proposal.claim_count,
                rate=proposal.early_rate,
                reference=proposal.early_reference,
            )
            deadline = fields.Date.context_today(self) + timedelta(days=7)
            entries.append((proposal, manager, summary, deadline, note))
        return activities | self._create_activities(entries)
