# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The claims and the cost still ahead for the units in service.

The method (Kalbfleisch, Lawless and Robinson, 1991): the expected claims of
a unit at each month in service are the product's claims per 1,000 units
that reached that age (its months-in-service curve, censored). A unit in
service today at age a, covered up to age C, is expected to draw the rates of
the ages a + 1 to C; summed over the units in service, and multiplied by the
product's average cost of a claim, the expected cost of the warranty ahead.
Ages no unit has reached yet are extrapolated from the ages observed."""

import math
from collections import defaultdict

from odoo import api, models

# The last observed ages a constant rate is averaged over.
CONSTANT_AGES = 3
# The fewest observed ages with claims a Weibull is fitted on.
WEIBULL_POINTS = 3


def extrapolate(curve, up_to, method="weibull"):
    """The curve ``curve`` (from ``_mis_curve``: [(age, rate, cumulative,
    units)]) up to age ``up_to``: ([(age, claims per 1,000 units at that
    age, cumulative claims per 1,000 units, extrapolated)], the method used
    or False when every age was observed).

    The observed ages are those up to the first age no unit reached. Past
    them, "weibull" continues the cumulative curve by a Weibull cumulative
    hazard, a * age ** b, fitted by least squares on the logarithms of the
    observed cumulative figures (at least WEIBULL_POINTS above 0, else a
    constant rate); "constant" repeats the mean rate of the last
    CONSTANT_AGES observed ages. Without any observed age, no figure."""
    observed = []
    for age, rate, cumulative, __ in curve:
        if rate is None:
            break
        observed.append((age, rate, cumulative))
    points = [(age, rate, cum, False) for age, rate, cum in observed[:up_to]]
    last = len(observed)
    if up_to <= last:
        return points, False
    if not observed:
        return [(age, None, None, False) for age in range(1, up_to + 1)], False
    fit = method == "weibull" and _fit_weibull(observed)
    if fit:
        scale, shape = fit
        used = "weibull"
    else:
        tail = observed[-CONSTANT_AGES:]
        constant = sum(rate for __, rate, __ in tail) / len(tail)
        used = "constant"
    cumulative = observed[-1][2]
    for age in range(last + 1, up_to + 1):
        if fit:
            rate = max(0.0, scale * (age**shape - (age - 1) ** shape))
        else:
            rate = constant
        cumulative += rate
        points.append((age, round(rate, 2), round(cumulative, 2), True))
    return points, used


def _fit_weibull(observed):
    """(a, b) of cumulative = a * age ** b, least squares on logarithms, or
    None with too few points or a flat curve."""
    logs = [
        (math.log(age), math.log(cumulative))
        for age, __, cumulative in observed
        if cumulative > 0
    ]
    if len(logs) < WEIBULL_POINTS:
        return None
    mean_x = sum(x for x, __ in logs) / len(logs)
    mean_y = sum(y for __, y in logs) / len(logs)
    spread = sum((x - mean_x) ** 2 for x, __ in logs)
    if spread <= 0:
        return None
    shape = sum((x - mean_x) * (y - mean_y) for x, y in logs) / spread
    return math.exp(mean_y - shape * mean_x), shape


class AftersalesServiceForecast(models.Model):
    # One file per concern, as Odoo core splits its large models.
    _inherit = "aftersales.service.exposure"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _claim_forecast(self, domain=(), months=12, method="weibull"):
        """The claims expected of the units in service, per company and
        product of the figures of ``domain``: {(company, product): {
        "units": units in service, "claims": [expected claims of the next
        ``months`` months, the next one first], "claims_later": those
        expected after them until the units' coverage ends, "extrapolated":
        whether an age past the observed ones was used, "method": the
        extrapolation used (False if none)}}. "claims" is None where the
        product has no observed age to go by.

        The units in service are those of the figures' last month (the day
        they were computed), by their age then and the last month their
        coverage reaches: read from the figures, as the curves are, so that
        both speak of the same day. A unit without an end of coverage is
        counted for the ``months`` ahead only."""
        curves = self._mis_curve(domain, groupby=("company_id", "product_id"))
        del curves[False]
        if not curves:
            return {}
        # The month of the figures: the last one of the units in service
        # (a claim mistyped in the future has a month of its own).
        [(last_month,)] = self._read_group(
            [("rate_note", "=", False)], [], ["date:max"]
        )
        units_of = defaultdict(list)
        for company, product, age, covered, quantity in self._read_group(
            [
                *domain,
                ("rate_note", "=", False),
                ("date", "=", last_month),
                ("unit_count", ">", 0),
            ],
            ["company_id", "product_id", "months_in_service", "months_covered"],
            ["unit_count:sum"],
        ):
            units_of[company, product].append((age, covered or age + months, quantity))
        forecast = {}
        for key, curve in curves.items():
            units = units_of.get(key, [])
            up_to = max((covered for __, covered, __ in units), default=0)
            points, used = extrapolate(curve, up_to, method)
            forecast[key] = _expected_claims(units, points, months, used)
        return forecast

    @api.model
    def _cost_per_claim(self, domain=(), groupby=("company_id", "product_id")):
        """{(company, product): (the average net cost of a claim in the
        company's currency, the claims it is averaged over)} (keyed by the
        values of ``groupby``, the company first: amounts of several
        companies are in several currencies), from the claim
        analysis: the resolved claims in warranty (those the curves count;
        an open claim has not cost all it will), rejected ones included,
        their parts at cost, labour, replacements, refunds and dealer
        reimbursements, less what suppliers paid back. Reading it needs the
        costs' access (after-sales managers)."""
        rows = self.env["aftersales.claim.analysis"]._read_group(
            [
                *domain,
                ("claim_id", "!=", False),
                ("coverage", "=", "in_warranty"),
                ("state", "in", ("done", "rejected")),
            ],
            list(groupby),
            ["claim_count:sum", "net_cost:sum"],
        )
        return {
            tuple(keys): (cost / claims, claims)
            for *keys, claims, cost in rows
            if claims
        }


def _expected_claims(units, points, months, method):
    """The forecast of one product (see ``_claim_forecast``) from its units
    [(age today, last covered age, units)] and its extrapolated curve."""
    total_units = sum(quantity for __, __, quantity in units)
    if points and points[-1][1] is None and units:
        return {
            "units": total_units,
            "claims": None,
            "claims_later": None,
            "extrapolated": False,
            "method": False,
        }
    ahead = [0.0] * months
    later = 0.0
    extrapolated = False
    for age, covered, quantity in units:
        for next_age in range(age + 1, covered + 1):
            __, rate, __, guessed = points[next_age - 1]
            extrapolated = extrapolated or guessed
            expected = quantity * rate / 1000.0
            if next_age - age <= months:
                ahead[next_age - age - 1] += expected
            else:
                later += expected
    return {
        "units": total_units,
        "claims": ahead,
        "claims_later": later,
        "extrapolated": extrapolated,
        "method": method if extrapolated else False,
    }
