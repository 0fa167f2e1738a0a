# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_amount, format_datetime, formatLang

from .aftersales_claim import OPEN_STATES

TOP_PRODUCTS = 5
TOP_MONTHS = 12


class AftersalesDashboard(models.AbstractModel):
    """The figures of the after-sales dashboard, read as the user (record
    rules keep them to the user's companies), each with the action that lists
    the records behind it."""

    _name = "aftersales.dashboard"
    _description = "After-Sales Dashboard"

    @api.model
    def get_dashboard_data(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_user"):
            raise AccessError(self.env._("The dashboard is for after-sales users."))
        today = fields.Date.context_today(self)
        show_costs = self.env.user.has_group(
            "aftersales_service.group_aftersales_manager"
        )
        return {
            "states": self._dashboard_states(),
            "cards": self._dashboard_cards(),
            "top_products": self._dashboard_top_products(today),
            "months": self._dashboard_months(today, show_costs),
            "show_costs": show_costs,
            "refreshed": format_datetime(
                self.env, self.env["aftersales.claim.analysis"]._date_refreshed()
            )
            or "",
        }

    # ------------------------------------------------------------------
    # Sections
    # ------------------------------------------------------------------

    def _dashboard_states(self):
        claims = self.env["aftersales.claim"]
        counts = dict(
            claims._read_group([("state", "in", OPEN_STATES)], ["state"], ["__count"])
        )
        labels = dict(claims._fields["state"]._description_selection(self.env))
        return [
            {
                "key": state,
                "label": labels[state],
                "value": counts.get(state, 0),
                "action": self._dashboard_action(
                    "aftersales.claim", labels[state], [("state", "=", state)]
                ),
            }
            for state in OPEN_STATES
        ]

    def _dashboard_cards(self):
        cards = [
            (
                "late",
                self.env._("Late Claims"),
                "aftersales.claim",
                [("is_late", "=", True)],
            ),
            (
                "attention",
                self.env._("Need Attention"),
                "aftersales.claim",
                [("needs_attention", "=", True), ("state", "in", OPEN_STATES)],
            ),
            (
                "parts",
                self.env._("Waiting for Parts"),
                "aftersales.claim",
                [("parts_waiting", "=", True), ("state", "in", OPEN_STATES)],
            ),
            (
                "loans_out",
                self.env._("Loaners Out"),
                "aftersales.loan",
                [("state", "=", "lent")],
            ),
            (
                "loans_overdue",
                self.env._("Loaners Overdue"),
                "aftersales.loan",
                [("state", "=", "lent"), ("is_overdue", "=", True)],
            ),
            (
                "dealer_claims",
                self.env._("Dealer Claims to Approve"),
                "aftersales.dealer.claim",
                [("state", "=", "submitted")],
            ),
        ]
        result = []
        for key, label, model, domain in cards:
            value = self.env[model].search_count(domain)
            result.append(
                {
                    "key": key,
                    "label": label,
                    "value": value,
                    "alert": key in ("late", "attention", "loans_overdue")
                    and value > 0,
                    "action": self._dashboard_action(model, label, domain),
                }
            )
        # What the open late claims cost so far, as of the analysis.
        [(penalty,)] = self.env["aftersales.claim.analysis"]._read_group(
            [("state", "in", OPEN_STATES), ("late_count", ">", 0)],
            aggregates=["penalty_amount:sum"],
        )
        result[0]["penalty"] = penalty
        result[0]["penalty_display"] = self._dashboard_format(penalty, "money")
        return result

    def _dashboard_top_products(self, today):
        """The products with the most claims of the last twelve months, with
        their units in service today and their claims per 1,000 unit-months
        in service over the twelve months: the claims made on the units
        while in service, over the months those units were in service, so
        that neither a slow month of sales nor a product no longer sold
        makes a rate of more claims than units, or of 0 beside claims."""
        since = today - relativedelta(months=TOP_MONTHS, day=1)
        rows = self.env["aftersales.claim.analysis"]._read_group(
            [("date", ">=", since), ("product_id", "!=", False)],
            ["product_id"],
            ["claim_count:sum"],
        )
        top = sorted(
            (row for row in rows if row[1]), key=lambda row: (-row[1], row[0].id)
        )[:TOP_PRODUCTS]
        products = [product.id for product, __ in top]
        exposure = self.env["aftersales.service.exposure"]
        in_service = [("product_id", "in", products), ("rate_note", "=", False)]
        rates = {
            product: (claims, months, rate)
            for product, claims, months, rate in exposure._read_group(
                [*in_service, ("date", ">=", since)],
                ["product_id"],
                ["service_claim_count:sum", "exposure:sum", "claim_rate:sum"],
            )
        }
        units_now = dict(
            exposure._read_group(
                [*in_service, ("date", "=", today.replace(day=1))],
                ["product_id"],
                ["unit_count:sum"],
            )
        )
        no_units = self.env._("No unit in service in the 12 months")
        result = []
        for product, claims in top:
            unit_claims, __, rate = rates.get(product, (0, 0.0, None))
            units = units_now.get(product, 0.0)
            result.append(
                {
                    "id": product.id,
                    "name": product.display_name,
                    "claims": claims,
                    "units": units,
                    "unit_claims": unit_claims,
                    "rate": rate,
                    "units_display": self._dashboard_format(units, "number"),
                    "rate_display": self._dashboard_format(rate, "rate"),
                    "rate_reason": no_units if rate is None else "",
                    "action": self._dashboard_action(
                        "aftersales.claim",
                        product.display_name,
                        [("product_id", "=", product.id), ("date_claim", ">=", since)],
                    ),
                }
            )
        return result

    def _dashboard_months(self, today, show_costs):
        """This month against last month: the claims made in each month and
        what became of them."""
        this_month = today + relativedelta(day=1)
        last_month = this_month - relativedelta(months=1)
        aggregates = [
            "claim_count:sum",
            "unit_count:sum",
            "unit_claim_count:sum",
            "late_count:sum",
            "resolved_count:sum",
            "resolved_on_time_count:sum",
            "resolution_days:avg",
            "penalty_amount:sum",
        ]
        if show_costs:
            aggregates += [
                "warranty_cost:sum",
                "unit_warranty_cost:sum",
                "revenue:sum",
            ]
        rows = self.env["aftersales.claim.analysis"]._read_group(
            [("date", ">=", last_month), ("date", "<=", today)],
            ["date:month"],
            aggregates,
        )
        by_month = {
            month: dict(zip(aggregates, values, strict=True)) for month, *values in rows
        }
        empty = dict.fromkeys(aggregates, 0)
        current = by_month.get(this_month, empty)
        previous = by_month.get(last_month, empty)

        ratio = self.env["aftersales.claim.analysis"]._ratio

        def figures(values):
            # An average of no claim reads 0: none without a resolved claim.
            days = (
                values["resolution_days:avg"] if values["resolved_count:sum"] else None
            )
            result = {
                "claims": values["claim_count:sum"],
                "claim_rate": ratio(values, "claim_rate"),
                "late": values["late_count:sum"],
                "on_time_rate": ratio(values, "on_time_rate"),
                "resolution_days": None if days is None else round(days, 1),
                "penalty": values["penalty_amount:sum"],
            }
            if show_costs:
                result["warranty_cost"] = values["warranty_cost:sum"]
                result["cost_rate"] = ratio(values, "cost_rate")
            return result

        no_resolved = self.env._("No claim resolved")
        # key: (label, format, help, why a figure is empty)
        labels = {
            "claims": (self.env._("Claims"), "number", "", ""),
            "claim_rate": (
                self.env._("Claim Rate"),
                "percent",
                self.env._(
                    "The units delivered in the month and the claims made on "
                    "them since, per 100 units."
                ),
                self.env._("No unit delivered in the month"),
            ),
            "late": (self.env._("Late Claims"), "number", "", ""),
            "on_time_rate": (
                self.env._("Resolved in Time"),
                "percent",
                self.env._(
                    "Of the claims of the month resolved, those resolved in time."
                ),
                no_resolved,
            ),
            "resolution_days": (
                self.env._("Days to Resolve"),
                "days",
                self.env._(
                    "Average days from claim to resolution, of the claims resolved."
                ),
                no_resolved,
            ),
            "penalty": (self.env._("Penalty Exposure"), "money", "", ""),
            "warranty_cost": (self.env._("Warranty Cost"), "money", "", ""),
            "cost_rate": (
                self.env._("Warranty Cost of Revenue"),
                "percent",
                self.env._(
                    "What the claims on the units delivered in the month cost, "
                    "per 100 of what those units sold for."
                ),
                self.env._("Nothing sold in the month"),
            ),
        }
        this, last = figures(current), figures(previous)
        return [
            {
                "key": key,
                "label": label,
                "help": help_text,
                "this": this[key],
                "last": last[key],
                "this_display": self._dashboard_format(this[key], kind),
                "last_display": self._dashboard_format(last[key], kind),
                "this_reason": reason if this[key] is None else "",
                "last_reason": reason if last[key] is None else "",
            }
            for key in this
            for label, kind, help_text, reason in [labels[key]]
        ]

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _dashboard_format(self, value, kind):
        """``value`` as shown; empty for None, a figure that has no value
        (its reason is shown instead). Durations always with one decimal, as
        in the claim analysis."""
        if value is None:
            return ""
        if kind == "money":
            return format_amount(self.env, value, self.env.company.currency_id)
        if kind == "percent":
            return f"{formatLang(self.env, value, digits=1)} %"
        if kind in ("days", "rate"):
            return formatLang(self.env, value, digits=1)
        return formatLang(self.env, value, digits=0 if value == int(value) else 1)

    @api.model
    def _dashboard_action(self, model, name, domain):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "views": [[False, "list"], [False, "form"]],
            "domain": domain,
        }
