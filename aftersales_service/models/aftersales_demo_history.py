# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Two years of after-sales history for the demo: deliveries, claims and
what they cost, made through the steps users take, then moved back to the
days of the story."""

import logging
import math
import random
import time
from collections import defaultdict
from datetime import datetime, timedelta
from datetime import time as day_time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

# Claims per unit in each month in service (MIS 1, 2, ...): infant mortality
# in the first three months, then a flat rate of wear-out-free use.
HAZARD = (0.030, 0.018, 0.011, 0.007, 0.0055)
HAZARD_FLAT = 0.0045
# The bad lot: the units of one sale month of one product fail this many
# times more often in their first months (a batch of faulty pumps).
BAD_LOT_FACTOR = 10.0
BAD_LOT_AGES = 3
# The claims of the last days are still open, at the step their age allows.
OPEN_DAYS = 20
# How many months before the current one the bad lot was sold: its third
# month in service is over, its twelfth is far ahead.
BAD_LOT_MONTHS_AGO = 5
CUSTOMERS = {
    "ru": [
        ("Laundry Express LLC", "Moscow"),
        ("Hotel Neva", "Saint Petersburg"),
        ("Kazan Home Centre", "Kazan"),
        ("Siberia Hostels", "Novosibirsk"),
        ("Ural Office Services", "Yekaterinburg"),
        ("Volga Cafe Group", "Samara"),
        ("Don Apartments", "Rostov-on-Don"),
        ("Baltic Clean", "Kaliningrad"),
    ],
    "kz": [
        ("Almaty Laundry LLP", "Almaty"),
        ("Astana Residence", "Astana"),
        ("Shymkent Coffee House", "Shymkent"),
        ("Karaganda Hotels", "Karaganda"),
        ("Caspian Service LLP", "Aktau"),
    ],
    "by": [
        ("Minsk Hotel Group", "Minsk"),
        ("Gomel Home Appliances", "Gomel"),
        ("Brest Coffee Bar", "Brest"),
        ("Vitebsk Residences", "Vitebsk"),
    ],
}
PHONES = {"ru": "+7 495 555 01 {}", "kz": "+7 727 355 02 {}", "by": "+375 17 255 03 {}"}
COUNTRY_WEIGHTS = {"ru": 0.6, "kz": 0.25, "by": 0.15}
# What becomes of the claims that are closed: (outcome, weight).
OUTCOMES = (
    ("repair", 0.62),
    ("no_fault", 0.10),
    ("rejected", 0.09),
    ("replacement", 0.11),
    ("refund", 0.08),
)
# The customers the history refunds (see _claim).
REFUND_CUSTOMERS = 3
SYMPTOMS = {
    "failure_code_no_power": "Does not power on.",
    "failure_code_control_board": "The display shows an error code and stops.",
    "failure_code_noise": "Loud noise during operation.",
    "failure_code_leak": "Water under the unit after each use.",
    "failure_code_misuse": "The casing is cracked after a fall.",
    "failure_code_no_fault": "The customer reports an intermittent stop.",
}
# Failures of young units (electrical) and of older ones (mechanical).
EARLY_FAILURES = (
    ("failure_code_no_power", 4),
    ("failure_code_control_board", 3),
    ("failure_code_leak", 2),
    ("failure_code_noise", 1),
)
LATER_FAILURES = (
    ("failure_code_no_power", 2),
    ("failure_code_control_board", 1),
    ("failure_code_leak", 3),
    ("failure_code_noise", 3),
)
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_auto_subscribe_no_notify": True,
}
# The hours of the day each step is dated (UTC), so that a day's steps
# follow one another in the chatter.
HOURS = {
    "order": 9,
    "delivery": 14,
    "claim": 9,
    "receive": 11,
    "repair": 13,
    "ready": 15,
    "close": 16,
}


class AftersalesDemoHistory(models.AbstractModel):
    _name = "aftersales.demo.history"
    _description = "Demo History of the After-Sales Service"

    @api.model
    def _generate(
        self,
        seed=21,
        units=700,
        product_ids=None,
        user_ids=None,
        dealer_id=False,
        bad_product_id=False,
        factors=None,
        months=24,
    ):
        """Sell and deliver ``units`` units of ``product_ids`` over the last
        ``months`` months to customers in three countries, then draw their
        claims month by month in service and take each claim through its
        steps as the staff ``user_ids`` would (the first one a manager):
        repairs with the parts of their kits, loaners, replacements, refunds,
        rejections, dealer claims of ``dealer_id`` and supplier claims. The
        units of ``bad_product_id`` sold five months ago are a bad lot. Every
        date (transfers, warranties, claims, repairs, loans, messages) is then
        moved back to the day of the story. ``factors``: each product's
        claims against the usual rates (1.0). Same ``seed``, same history.
        Returns the figures of what was made."""
        started = time.monotonic()
        # The past happened already: no SMS nor e-mail today to customers
        # and staff about it (the messages stay in the chatter).
        self = self.with_context(skip_sms=True, mail_activity_quick_update=True)
        rng = random.Random(seed)
        story = _Story(self.env, rng, months)
        # What the demo did before is logged now, before the history's dates
        # are moved back.
        story.finalize_tracking()
        products = self.env["product.product"].browse(product_ids or [])
        users = self.env["res.users"].browse(user_ids or [])
        if not users:
            users = self.env.company._aftersales_responsible()
        story.users = users
        # The staff followed the past in Odoo as it happened: what the steps
        # tell them reaches their inbox, read, rather than e-mails of today
        # about claims of long ago.
        first_message = story.message_marker()
        kinds = {user: user.notification_type for user in users}
        users.sudo().notification_type = "inbox"
        story.dealer = self.env["res.partner"].browse(dealer_id or [])
        story.bad_product = self.env["product.product"].browse(bad_product_id or [])
        story.factors = dict(
            zip(products, factors or [1.0] * len(products), strict=True)
        )
        story.customers = self._create_customers(story)
        orders = self._sell(story, products, units)
        story.lap("sales")
        self._deliver(story, orders)
        story.lap("deliveries")
        claims = self._claim(story)
        story.lap("claims")
        self._work_claims(story, claims)
        story.lap("steps")
        self.env["aftersales.warranty"].sudo()._cron_expire()
        for user, kind in kinds.items():
            user.sudo().notification_type = kind
        story.read_notifications(first_message, users.partner_id)
        self.env.flush_all()
        figures = {
            "units": int(sum(story.warranties.mapped("quantity"))),
            "claims": len(claims),
            "months": len({w.date_start.replace(day=1) for w in story.warranties}),
            "countries": len(story.customers.country_id),
            "claims_by_month": dict(
                sorted(_count(c.date_claim.replace(day=1) for c in claims).items())
            ),
            "units_by_month": dict(
                sorted(
                    _count(
                        w.date_start.replace(day=1) for w in story.warranties
                    ).items()
                )
            ),
            "bad_lot": story.bad_cohort,
            "seconds": round(time.monotonic() - started, 1),
        }
        _logger.info(
            "Demo history: %s units, %s claims over %s months in %s countries, "
            "in %.1f s",
            figures["units"],
            figures["claims"],
            figures["months"],
            figures["countries"],
            figures["seconds"],
        )
        return figures

    @api.model
    def _reserve(self, user_id):
        """The warranty reserve of the demo history, as its manager computes
        it with *Compute Now*, on fresh figures; the reserve's accounts are
        set first where the company's chart has a general journal, an
        expense and a current liability account."""
        user = self.env["res.users"].browse(user_id)
        company = user.company_id
        accounts = self.env["account.account"]
        domain = accounts._check_company_domain(company)
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        expense = accounts.search([*domain, ("account_type", "=", "expense")], limit=1)
        provision = accounts.search(
            [*domain, ("account_type", "=", "liability_current")], limit=1
        )
        if journal and expense and provision:
            company.write(
                {
                    "aftersales_reserve_journal_id": journal.id,
                    "aftersales_reserve_expense_account_id": expense.id,
                    "aftersales_reserve_account_id": provision.id,
                }
            )
        self.env["aftersales.claim.analysis"]._refresh()
        self.env["aftersales.service.exposure"]._refresh()
        return (
            self.env["aftersales.warranty.reserve"]
            .with_user(user)
            ._snapshot(company, fields.Date.context_today(self))
        )

    # ------------------------------------------------------------------
    # Sales and deliveries
    # ------------------------------------------------------------------

    @api.model
    def _create_customers(self, story):
        countries = {code: self.env.ref(f"base.{code}") for code in sorted(CUSTOMERS)}
        vals_list = []
        for code, entries in sorted(CUSTOMERS.items()):
            for name, city in entries:
                # Reached by phone: the history's customers get no e-mail
                # today about their claims of the last two years.
                vals_list.append(
                    {
                        "name": name,
                        "is_company": True,
                        "city": city,
                        "country_id": countries[code].id,
                        "phone": PHONES[code].format(len(vals_list) + 10),
                    }
                )
        return self.env["res.partner"].create(vals_list)

    @api.model
    def _sell(self, story, products, units):
        """The sale orders of every month (confirmed), with their units'
        serial numbers in stock: per product and month, one serial batch."""
        rng = story.rng
        weights = [1.0 / (index + 1) for index in range(len(products))]
        total_weight = sum(weights)
        by_country = defaultdict(list)
        for customer in story.customers:
            by_country[customer.country_id.code.lower()].append(customer)
        countries = sorted(COUNTRY_WEIGHTS)
        # Sales grow over the two years, with a peak before the new year.
        shape = [
            (0.7 + 0.6 * index / max(story.months - 1, 1))
            * (1.25 if story.month_start(index).month in (11, 12) else 1.0)
            for index in range(story.months)
        ]
        scale = units / sum(shape)
        bad_index = story.months - 1 - BAD_LOT_MONTHS_AGO
        plan = []  # (month index, product, quantity)
        for index in range(story.months):
            for product, weight in zip(products, weights, strict=True):
                mean = scale * shape[index] * weight / total_weight
                quantity = max(1, round(rng.gauss(mean, math.sqrt(mean))))
                if product == story.bad_product and index == bad_index:
                    quantity *= 4  # a promotion: the lot sold out in a month
                plan.append((index, product, quantity))
        if story.bad_product:
            story.bad_cohort = story.month_start(bad_index)
        lots_vals, order_vals, days = [], [], []
        for index, product, quantity in plan:
            month = story.month_start(index)
            prefix = (product.default_code or f"P{product.id}").replace("-", "")
            lots_vals += [
                {
                    "name": f"{prefix}-{month:%y%m}-{number:03d}",
                    "product_id": product.id,
                    "company_id": self.env.company.id,
                }
                for number in range(1, quantity + 1)
            ]
            # The month's quantity in one or two orders of shops, hotels
            # and offices.
            parts = rng.randint(1, 2) if quantity >= 2 else 1
            cuts = (
                sorted(rng.sample(range(1, quantity), parts - 1)) if parts > 1 else []
            )
            for take in (
                b - a for a, b in zip([0, *cuts], [*cuts, quantity], strict=True)
            ):
                country = rng.choices(
                    countries, [COUNTRY_WEIGHTS[c] for c in countries]
                )[0]
                customer = rng.choice(by_country[country])
                day = story.day_in_month(index)
                order_vals.append(
                    {
                        "partner_id": customer.id,
                        "user_id": rng.choice(story.users).id,
                        "order_line": [
                            (
                                0,
                                0,
                                {"product_id": product.id, "product_uom_qty": take},
                            )
                        ],
                    }
                )
                days.append(day)
        # The orders and deliveries of the past, without their chatter: no
        # message of today about a sale of two years ago, no e-mail to the
        # salespeople for each of them.
        orders = self.env["sale.order"].with_context(**QUIET).create(order_vals)
        # Confirmed before the units are in stock: nothing is reserved, the
        # deliveries take the serials of their month (_deliver).
        orders.action_confirm()
        lots = self.env["stock.lot"].create(lots_vals)
        location = self.env.company._aftersales_warehouse().lot_stock_id
        _put_in_stock(self.env, lots, location)
        story.lots = defaultdict(list)
        for lot in lots:
            story.lots[lot.product_id].append(lot)
        story.order_day = dict(zip(orders, days, strict=True))
        return orders

    @api.model
    def _deliver(self, story, orders):
        """Deliver the orders' units (the delivery registers the
        warranties), then date each order, delivery and warranty on its day
        of the story."""
        marker = story.message_marker()
        pickings = orders.picking_ids
        taken = defaultdict(int)
        lines = []
        # The orders of a month take the serials of the month's batch.
        for order in orders.sorted(lambda o: (story.order_day[o], o.id)):
            for move in order.picking_ids.move_ids:
                pool = story.lots[move.product_id]
                for __ in range(int(move.product_uom_qty)):
                    lot = pool[taken[move.product_id]]
                    taken[move.product_id] += 1
                    lines.append(
                        {
                            "move_id": move.id,
                            "picking_id": move.picking_id.id,
                            "product_id": move.product_id.id,
                            "product_uom_id": move.product_uom.id,
                            "lot_id": lot.id,
                            "quantity": 1,
                            "picked": True,
                            "location_id": move.location_id.id,
                            "location_dest_id": move.location_dest_id.id,
                        }
                    )
        # The lines reserve their serials: the quants to reserve are read
        # once, as Odoo does when it moves them (stock.move.line
        # _action_done), instead of once per line.
        quants = self.env["stock.quant"]._get_quants_by_products_locations(
            pickings.move_ids.product_id,
            pickings.location_id,
            extra_domain=[("lot_id", "in", [line["lot_id"] for line in lines])],
        )
        self.env["stock.move.line"].with_context(quants_cache=quants).create(lines)
        by_day = defaultdict(list)
        for order in orders:
            by_day[story.order_day[order]].append(order.id)
        for day, order_ids in by_day.items():
            self.env["sale.order"].browse(order_ids).picking_ids.write(
                {"scheduled_date": story.at(day, "delivery")}
            )
        pickings.move_ids.picked = True
        # Validated as a user does, without the SMS to customers of long ago.
        result = pickings.with_context(
            skip_backorder=True, skip_sms=True
        ).button_validate()
        if isinstance(result, dict):
            raise UserError(
                self.env._(
                    "The deliveries of the demo history ask for a wizard (%(wizard)s).",
                    wizard=result.get("res_model"),
                )
            )
        story.finalize_tracking()
        warranties = (
            self.env["aftersales.warranty"]
            .sudo()
            .search([("sale_order_id", "in", orders.ids)], order="id")
        )
        story.warranties = warranties
        dates = {}
        order_of = {}
        for order in orders:
            day = story.order_day[order]
            order_of[order.id] = day
            dates[("sale.order", order.id)] = story.at(day, "order")
            for picking in order.picking_ids:
                dates[("stock.picking", picking.id)] = story.at(day, "delivery")
        for warranty in warranties:
            dates[("aftersales.warranty", warranty.id)] = story.at(
                order_of[warranty.sale_order_id.id], "delivery"
            )
        for day, order_ids in by_day.items():
            day_orders = self.env["sale.order"].browse(order_ids)
            story.move_documents(day_orders.picking_ids, story.at(day, "delivery"))
            day_orders.sudo().write({"date_order": story.at(day, "order")})
            day_warranties = warranties.filtered(
                lambda w, orders=day_orders: w.sale_order_id in orders
            )
            day_warranties.with_context(tracking_disable=True).write(
                {"date_start": day}
            )
        story.date_messages(marker, dates)

    # ------------------------------------------------------------------
    # Claims
    # ------------------------------------------------------------------

    @api.model
    def _claim(self, story):
        """Draw each unit's claim month by month in service (one claim per
        unit at most), and register the claims as the staff does."""
        rng = story.rng
        env = self.env
        today = story.today
        codes = {name: env.ref(f"aftersales_service.{name}") for name in SYMPTOMS}
        plans = []
        for warranty in story.warranties:
            start = warranty.date_start
            end = min(warranty.date_end or today, today - timedelta(days=1))
            cohort = start.replace(day=1)
            bad = warranty.product_id == story.bad_product and (
                cohort == story.bad_cohort
            )
            for age in range(1, 61):
                month_first = cohort + relativedelta(months=age - 1)
                first = max(start, month_first)
                last = min(end, month_first + relativedelta(months=1, days=-1))
                if first > last:
                    break
                hazard = HAZARD[age - 1] if age <= len(HAZARD) else HAZARD_FLAT
                hazard *= story.factors.get(warranty.product_id, 1.0)
                if bad and age <= BAD_LOT_AGES:
                    hazard *= BAD_LOT_FACTOR
                # A unit seen only part of the month is at risk that part.
                share = ((last - first).days + 1) / (
                    (month_first + relativedelta(months=1) - month_first).days
                )
                if rng.random() < hazard * share:
                    day = first + timedelta(days=rng.randint(0, (last - first).days))
                    plans.append((warranty, day, age, bad))
                    break
        plans.sort(key=lambda plan: (plan[1], plan[0].id))
        story.plans = []
        vals_by_user = defaultdict(list)
        refunded = set()
        refund_customers = set()
        for warranty, day, age, bad in plans:
            if bad:
                failure = "failure_code_leak"
            else:
                failure = _choice(rng, EARLY_FAILURES if age <= 3 else LATER_FAILURES)
            open_days = (today - day).days
            if open_days <= OPEN_DAYS:
                outcome = "open"
            else:
                outcome = _choice(rng, OUTCOMES)
            if outcome == "refund":
                # One refund per order line: its credit is checked against
                # the line's invoiced unit price. And refunds only for a few
                # customers (their orders are invoiced for it): each invoice
                # ranks its customer first among Odoo's suggestions, and
                # Odoo's own tests expect a new partner on the first page
                # (repair's test_repair_without_product_in_parts).
                customer = warranty.partner_id.commercial_partner_id
                if warranty.sale_line_id in refunded or (
                    customer not in refund_customers
                    and len(refund_customers) >= REFUND_CUSTOMERS
                ):
                    outcome = "repair"
                else:
                    refund_customers.add(customer)
                refunded.add(warranty.sale_line_id)
            if outcome == "rejected":
                failure = "failure_code_misuse"
            elif outcome == "no_fault":
                failure = "failure_code_no_fault"
            dealer = (
                story.dealer
                if story.dealer
                and warranty.partner_id.country_id.code == "RU"
                and rng.random() < 0.3
                else env["res.partner"]
            )
            loaner = outcome == "repair" and rng.random() < 0.15
            user = rng.choice(story.users)
            plan = {
                "warranty": warranty,
                "day": day,
                "outcome": outcome,
                "failure": failure,
                "dealer": dealer,
                "loaner": loaner,
                "user": user,
            }
            story.plans.append(plan)
            vals_by_user[user].append(
                (
                    plan,
                    {
                        "lot_id": warranty.lot_id.id,
                        "claim_type": "refund"
                        if outcome == "refund"
                        else ("consultation" if outcome == "no_fault" else "repair"),
                        "date_claim": day,
                        "symptom": SYMPTOMS[failure],
                        "failure_code_ids": [(6, 0, codes[failure].ids)],
                        "dealer_id": dealer.id,
                        "loaner_requested": loaner,
                        "date_loaner_requested": day if loaner else False,
                    },
                )
            )
        marker = story.message_marker()
        claims = env["aftersales.claim"]
        for user, entries in vals_by_user.items():
            created = (
                env["aftersales.claim"]
                .with_user(user)
                .create([vals for __, vals in entries])
            )
            for (plan, __), claim in zip(entries, created, strict=True):
                plan["claim"] = claim.sudo()
            claims |= created.sudo()
        story.finalize_tracking()
        # The steps' days: received one or two days after the claim, the
        # repair the next day, ready some days later, returned after that.
        for plan in story.plans:
            day, outcome = plan["day"], plan["outcome"]
            open_days = (today - day).days
            received = min(day + timedelta(days=rng.randint(0, 2)), today)
            repaired = min(received + timedelta(days=rng.randint(0, 2)), today)
            ready = min(repaired + timedelta(days=rng.randint(1, 9)), today)
            closed = min(ready + timedelta(days=rng.randint(0, 3)), today)
            if outcome in ("replacement", "refund"):
                closed = min(received + timedelta(days=rng.randint(1, 5)), today)
            if outcome == "open":
                # The last days' claims, at the step their age allows.
                plan["open_step"] = (
                    "new"
                    if open_days <= 2
                    else rng.choice(["received", "diagnosis", "in_repair"])
                )
            plan.update(
                received=received, repaired=repaired, ready=ready, closed=closed
            )
        story.date_messages(
            marker,
            {
                ("aftersales.claim", plan["claim"].id): story.at(plan["day"], "claim")
                for plan in story.plans
            },
        )
        return claims

    @api.model
    def _work_claims(self, story, claims):
        """Take the claims through their steps, each step as one batch of
        claims, and date what each step made on the step's day."""
        plans = story.plans
        received = [
            p for p in plans if p["outcome"] != "open" or p["open_step"] != "new"
        ]
        # Reception: the unit comes in.
        self._step(
            story,
            received,
            "receive",
            "received",
            lambda claims: claims.action_receive(),
            claim_vals=lambda plan: {
                "date_received": story.at(plan["received"], "receive")
            },
        )
        diagnosed = [
            p
            for p in received
            if p["outcome"] == "open" and p["open_step"] == "diagnosis"
        ]
        self._step(
            story,
            diagnosed,
            "repair",
            "repaired",
            lambda claims: claims.action_start_diagnosis(),
        )
        repaired = [
            p
            for p in received
            if p["outcome"] == "repair"
            or (p["outcome"] == "open" and p["open_step"] == "in_repair")
        ]
        open_ids = [p["claim"].id for p in repaired if p["outcome"] == "open"]
        self._step(
            story,
            repaired,
            "repair",
            "repaired",
            self.with_context(aftersales_demo_open_claims=open_ids)._repair,
        )
        self._lend(story, [p for p in received if p["loaner"]])
        done_repairs = [p for p in repaired if p["outcome"] == "repair"]
        self._step(
            story,
            done_repairs,
            "ready",
            "ready",
            lambda claims: claims.action_ready(),
        )
        returned = [p for p in received if p["outcome"] in ("repair", "no_fault")]
        self._return(story, returned)
        self._step(
            story,
            [p for p in received if p["outcome"] == "replacement"],
            "close",
            "closed",
            self._replace,
            claim_vals=story.closing,
        )
        replaced = [p for p in received if p["outcome"] == "replacement"]
        new_warranties = story.warranties_of(
            [p["claim"].replacement_lot_id for p in replaced]
        )
        for plan in replaced:
            # The old unit left service, the new one entered it, that day.
            claim = plan["claim"]
            claim.warranty_id.with_context(tracking_disable=True).write(
                {"date_void": plan["closed"]}
            )
            new_warranties[claim.replacement_lot_id].with_context(
                tracking_disable=True
            ).write({"date_start": plan["closed"]})
        self._step(
            story,
            [p for p in received if p["outcome"] == "rejected"],
            "close",
            "closed",
            self._reject,
            claim_vals=story.closing,
        )
        self._refund(story, [p for p in received if p["outcome"] == "refund"])
        self._dealer_claims(story, [p for p in done_repairs if p["dealer"]])
        self._supplier_claims(story, done_repairs)
        # The steps ran today on claims whose deadlines are in the past: the
        # reminders they raised for claims closed in time long ago are not
        # part of the story.
        closed = claims.filtered(lambda c: c.state in ("done", "rejected", "cancelled"))
        self.env["mail.activity"].sudo().search(
            [("res_model", "=", "aftersales.claim"), ("res_id", "in", closed.ids)]
        ).unlink()

    @api.model
    def _step(self, story, plans, hour, day_key, action, claim_vals=None):
        """Run ``action`` on the claims of ``plans``, as their responsible,
        then date its records and messages on each plan's ``day_key`` (at
        ``hour``, see HOURS); ``claim_vals`` gives the claims' own dates of
        the step."""
        if not plans:
            return
        marker = story.message_marker()
        pickings_before = set(story.claim_documents(plans, "picking_ids").ids)
        repairs_before = set(story.claim_documents(plans, "repair_ids").ids)
        by_user = defaultdict(list)
        for plan in plans:
            by_user[plan["user"]].append(plan)
        for user, user_plans in by_user.items():
            claims = self.env["aftersales.claim"].browse(
                [p["claim"].id for p in user_plans]
            )
            action(claims.with_user(user))
        story.finalize_tracking()
        new_warranties = story.warranties_of(
            [p["claim"].replacement_lot_id for p in plans]
        )
        dates = {}
        for plan in plans:
            claim = plan["claim"]
            when = story.at(plan[day_key], hour)
            dates[("aftersales.claim", claim.id)] = when
            new_pickings = claim.picking_ids.filtered(
                lambda p: p.id not in pickings_before
            )
            new_repairs = claim.repair_ids.filtered(
                lambda r: r.id not in repairs_before
            )
            for picking in new_pickings:
                dates[("stock.picking", picking.id)] = when
            for repair in claim.repair_ids:
                dates[("repair.order", repair.id)] = when
            dates[("aftersales.warranty", claim.warranty_id.id)] = when
            for warranty in new_warranties[claim.replacement_lot_id]:
                dates[("aftersales.warranty", warranty.id)] = when
            story.move_documents(new_pickings, when)
            story.move_repairs(new_repairs, when)
            if claim_vals:
                claim.with_context(tracking_disable=True).write(claim_vals(plan))
            if hour in ("ready", "close"):
                story.move_repairs(claim.repair_ids, when)
        story.date_messages(marker, dates)

    @api.model
    def _return(self, story, plans):
        """The units go back to their customers and the claims are done, on
        their closing days."""
        self._step(
            story,
            plans,
            "close",
            "closed",
            lambda claims: claims.action_return(),
            claim_vals=lambda plan: {
                **story.closing(plan),
                "date_returned": story.at(plan["closed"], "close"),
            },
        )

    @api.model
    def _repair(self, claims):
        """A repair per claim with the parts of its failures' kits, done."""
        claims.action_create_repair()
        repairs = claims.sudo().repair_ids.filtered(lambda r: r.state == "draft")
        kits = self.env["aftersales.parts.kit"]._for_repairs(repairs)
        with_kits = repairs.filtered(lambda r: kits[r])
        with_kits.action_aftersales_apply_kits()
        # The parts are there: the workshop's stock is kept full.
        location = self.env.company._aftersales_warehouse().lot_stock_id
        quants = self.env["stock.quant"].sudo()
        for move in repairs.move_ids:
            quants._update_available_quantity(
                move.product_id, location, move.product_uom_qty
            )
        repairs.action_repair_start()
        # The claims still in repair today keep their repair under way.
        open_ids = set(self.env.context.get("aftersales_demo_open_claims", ()))
        ending = repairs.filtered(lambda r: r.aftersales_claim_id.id not in open_ids)
        for move in ending.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        ending.action_repair_end()
        return True

    @api.model
    def _replace(self, claims):
        """A new unit from stock for each claim's unit."""
        location = self.env.company._aftersales_warehouse().lot_stock_id
        quants = self.env["stock.quant"].sudo()
        for claim in claims.sudo():
            prefix = (claim.product_id.default_code or "").replace("-", "")
            lot = self.env["stock.lot"].create(
                {
                    "name": f"{prefix}-R{claim.id:05d}",
                    "product_id": claim.product_id.id,
                    "company_id": claim.company_id.id,
                }
            )
            quants._update_available_quantity(
                claim.product_id, location, 1.0, lot_id=lot
            )
            claim.replacement_lot_id = lot
        return claims.action_replace()

    @api.model
    def _reject(self, claims):
        wizard = claims.env["aftersales.claim.reject"].create(
            {
                "claim_ids": [(6, 0, claims.ids)],
                "reason": self.env._("Damage from a fall, not a manufacturing defect"),
            }
        )
        return wizard.action_reject()

    @api.model
    def _refund(self, story, plans):
        """Refunds credit the unit's invoice: the orders of the refunded
        units are invoiced on their delivery day first."""
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.env.company.id)],
            limit=1,
        )
        if not plans:
            return
        if not journal:
            # No accounting: the claims are repaired instead.
            self._return(story, plans)
            return
        orders = self.env["sale.order"].browse(
            {p["warranty"].sale_order_id.id for p in plans}
        )
        marker = story.message_marker()
        # One invoice per order, each on its order's day.
        invoices = orders._create_invoices(grouped=True)
        for invoice in invoices:
            order = invoice.invoice_line_ids.sale_line_ids.order_id
            invoice.invoice_date = story.order_day[order]
        invoices.action_post()
        story.finalize_tracking()
        story.date_messages(
            marker,
            {
                ("account.move", invoice.id): story.at(invoice.invoice_date, "delivery")
                for invoice in invoices
            },
        )
        self._step(
            story,
            plans,
            "close",
            "closed",
            self._credit,
            claim_vals=story.closing,
        )
        notes = self.env["account.move"]
        for plan in plans:
            note = plan["claim"].invoice_ids.filtered(
                lambda m: m.move_type == "out_refund" and m.state == "draft"
            )
            note.write({"invoice_date": plan["closed"]})
            notes |= note
        marker = story.message_marker()
        notes.action_post()
        story.finalize_tracking()
        story.date_messages(
            marker,
            {
                ("account.move", note.id): story.at(note.invoice_date, "close")
                for note in notes
            },
        )

    @api.model
    def _credit(self, claims):
        return claims.sudo().action_refund()

    @api.model
    def _lend(self, story, plans):
        """A loaner for the claims that asked, lent the day the unit came in
        and back the day the repair was ready; the pool's units go round."""
        if not plans:
            return
        warehouse = self.env.company._aftersales_warehouse()
        location = warehouse._aftersales_loaner_location()
        quants = self.env["stock.quant"].sudo()
        by_product = defaultdict(list)
        for plan in plans:
            by_product[plan["warranty"].product_id].append(plan)
        for product, product_plans in by_product.items():
            prefix = (product.default_code or f"P{product.id}").replace("-", "")
            pool = self.env["stock.lot"].create(
                [
                    {
                        "name": f"LOANER-{prefix}-H{number}",
                        "product_id": product.id,
                        "company_id": self.env.company.id,
                        "aftersales_loaner": True,
                    }
                    for number in range(1, 3)
                ]
            )
            for lot in pool:
                quants._update_available_quantity(product, location, 1.0, lot_id=lot)
            self._lend_in_turns(story, product_plans, pool)

    @api.model
    def _lend_in_turns(self, story, plans, pool):
        for start in range(0, len(plans), len(pool)):
            batch = plans[start : start + len(pool)]
            marker = story.message_marker()
            loans = self.env["aftersales.loan"].create(
                [
                    {
                        "claim_id": plan["claim"].id,
                        "lot_id": lot.id,
                        "date_due": story.today + timedelta(days=30),
                    }
                    for plan, lot in zip(batch, pool, strict=False)
                ]
            )
            loans.action_lend()
            story.finalize_tracking()
            dates = {}
            for plan, loan in zip(batch, loans, strict=True):
                out = plan["received"]
                loan.with_context(tracking_disable=True).write(
                    {"date_out": out, "date_due": out + timedelta(days=30)}
                )
                when = story.at(out, "receive")
                story.move_documents(loan.picking_out_id, when)
                dates[("aftersales.loan", loan.id)] = when
                dates[("stock.picking", loan.picking_out_id.id)] = when
            story.date_messages(marker, dates)
            back = [
                (plan, loan)
                for plan, loan in zip(batch, loans, strict=True)
                if plan["outcome"] != "open"
            ]
            if not back:
                continue
            marker = story.message_marker()
            self.env["aftersales.loan"].browse(
                [loan.id for __, loan in back]
            ).action_return()
            story.finalize_tracking()
            dates = {}
            for plan, loan in back:
                when = story.at(plan["ready"], "ready")
                loan.with_context(tracking_disable=True).write(
                    {"date_returned": plan["ready"]}
                )
                story.move_documents(loan.picking_in_id, when)
                dates[("aftersales.loan", loan.id)] = when
                dates[("stock.picking", loan.picking_in_id.id)] = when
            story.date_messages(marker, dates)

    @api.model
    def _dealer_claims(self, story, plans):
        """The dealer's claims for the repairs it did, approved, on the day
        the unit went back, within the contract of that day."""
        contracts = self.env["aftersales.dealer.contract"].search(
            [("partner_id", "=", story.dealer.id), ("state", "in", ("active",))]
        )
        plans = [
            p
            for p in plans
            if any(
                c.date_start <= p["day"]
                and (not c.date_end or p["closed"] <= c.date_end)
                for c in contracts
            )
        ]
        if not plans:
            return
        operation = self.env.ref("aftersales_service.labour_operation_diagnosis")
        marker = story.message_marker()
        dealer_claims = self.env["aftersales.dealer.claim"].create(
            [
                {
                    "claim_id": plan["claim"].id,
                    "operation_line_ids": [(0, 0, {"operation_id": operation.id})],
                    "date": plan["closed"],
                }
                for plan in plans
            ]
        )
        dealer_claims.action_submit()
        dealer_claims.with_user(story.users[0]).action_approve()
        story.finalize_tracking()
        dates = {}
        for plan, dealer_claim in zip(plans, dealer_claims, strict=True):
            when = story.at(plan["closed"], "close")
            dates[("aftersales.dealer.claim", dealer_claim.id)] = when
            bill = dealer_claim.bill_id.filtered(lambda m: m.state == "draft")
            if bill:
                bill.with_context(tracking_disable=True).write(
                    {"invoice_date": plan["closed"], "date": plan["closed"]}
                )
                dates[("account.move", bill.id)] = when
        story.date_messages(marker, dates)

    @api.model
    def _supplier_claims(self, story, plans):
        """The control boards that failed go back to their vendor; the
        vendor credits those of more than a month ago, a week after."""
        part = self.env["product.product"].browse()
        kits = self.env["aftersales.parts.kit"].search(
            [
                (
                    "failure_code_id",
                    "=",
                    self.env.ref("aftersales_service.failure_code_no_power").id,
                )
            ]
        )
        part = kits.line_ids.product_id[:1]
        if not part or not part.seller_ids:
            return
        plans = [
            p
            for p in plans
            if part in p["claim"].repair_ids.move_ids.product_id
            and story.rng.random() < 0.5
        ]
        if not plans:
            return
        marker = story.message_marker()
        supplier_claims = self.env["aftersales.supplier.claim"].create(
            [{"claim_id": plan["claim"].id, "product_id": part.id} for plan in plans]
        )
        supplier_claims.action_send()
        story.finalize_tracking()
        dates = {}
        for plan, supplier_claim in zip(plans, supplier_claims, strict=True):
            when = story.at(plan["closed"], "close")
            supplier_claim.with_context(tracking_disable=True).write(
                {"date": plan["closed"], "date_sent": plan["closed"]}
            )
            dates[("aftersales.supplier.claim", supplier_claim.id)] = when
            if supplier_claim.picking_id:
                dates[("stock.picking", supplier_claim.picking_id.id)] = when
                story.move_documents(supplier_claim.picking_id, when)
        story.date_messages(marker, dates)
        # The vendor answered within a week: the older ones are credited.
        answered = [
            (plan, supplier_claim)
            for plan, supplier_claim in zip(plans, supplier_claims, strict=True)
            if (story.today - plan["closed"]).days > 30
        ]
        if not answered:
            return
        marker = story.message_marker()
        credited = self.env["aftersales.supplier.claim"].browse(
            [supplier_claim.id for __, supplier_claim in answered]
        )
        credited.action_accept()
        for plan, supplier_claim in answered:
            supplier_claim.credit_note_id.write(
                {"invoice_date": plan["closed"] + timedelta(days=7)}
            )
        credited.action_credit()
        story.finalize_tracking()
        dates = {}
        for plan, supplier_claim in answered:
            when = story.at(plan["closed"] + timedelta(days=7), "close")
            dates[("aftersales.supplier.claim", supplier_claim.id)] = when
            dates[("account.move", supplier_claim.credit_note_id.id)] = when
        story.date_messages(marker, dates)


def _put_in_stock(env, lots, location):
    """One unit of each lot in ``location``: the stock the history sells
    from, in one batch."""
    env["stock.quant"].sudo().create(
        [
            {
                "product_id": lot.product_id.id,
                "location_id": location.id,
                "lot_id": lot.id,
                "quantity": 1.0,
            }
            for lot in lots
        ]
    )


def _choice(rng, weighted):
    names = [name for name, __ in weighted]
    return rng.choices(names, [weight for __, weight in weighted])[0]


def _count(values):
    counts = defaultdict(int)
    for value in values:
        counts[value] += 1
    return counts


class _Story:
    """The calendar of the history and the helpers that move what a step
    made back to its day."""

    def __init__(self, env, rng, months):
        self.env = env
        self.rng = rng
        self.months = months
        self.today = fields.Date.context_today(env["res.partner"])
        self.first = self.today.replace(day=1) - relativedelta(months=months - 1)
        self.bad_cohort = False
        self.bad_product = env["product.product"]
        self.dealer = env["res.partner"]
        self.users = env["res.users"]
        self.factors = {}
        self.plans = []
        self.started = time.monotonic()

    def lap(self, label):
        now = time.monotonic()
        _logger.info("Demo history: %s in %.1f s", label, now - self.started)
        self.started = now

    def month_start(self, index):
        return self.first + relativedelta(months=index)

    def day_in_month(self, index):
        first = self.month_start(index)
        last = min(
            first + relativedelta(months=1, days=-1), self.today - timedelta(days=1)
        )
        if last < first:
            return first
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def at(self, day, hour):
        return datetime.combine(day, day_time(HOURS[hour], 0))

    def quiet_flush(self):
        """Flush what moving the dates back changed, without tracking it:
        the chatter tells the steps, not the corrections of their dates
        (the stored computes that follow, such as the deadlines, would
        otherwise log a change)."""
        self.env(context={**self.env.context, "tracking_disable": True}).flush_all()
        # What a read meanwhile recomputed was prepared for tracking: the
        # steps' own changes are logged already (finalize_tracking), these
        # would log the corrections.
        data = self.env.cr.precommit.data
        for key in [
            k
            for k in data
            if k.startswith("mail.tracking.")
            and not k.startswith("mail.tracking.create.")
        ]:
            data.pop(key)

    def message_marker(self):
        self.quiet_flush()
        self.env.cr.execute("SELECT COALESCE(max(id), 0) FROM mail_message")
        return self.env.cr.fetchone()[0]

    def finalize_tracking(self):
        """Write the tracking messages of what was just done now, so that
        they are dated with the step rather than at the commit."""
        data = self.env.cr.precommit.data
        for key in list(data):
            if key.startswith("mail.tracking.create."):
                __, ___, ____, *model, res_id = key.split(".")
                self.env[".".join(model)].browse(
                    int(res_id)
                )._track_post_template_finalize()
            elif key.startswith("mail.tracking.") and not key.startswith(
                "mail.tracking.author."
            ):
                self.env[key.removeprefix("mail.tracking.")]._track_finalize()
        # The authors were those of the messages just written.
        for key in [k for k in data if k.startswith("mail.tracking.author.")]:
            data.pop(key)
        self.env.flush_all()

    def date_messages(self, marker, dates):
        """The messages posted since ``marker`` on the records of ``dates``
        ({(model, id): datetime}) take the date of their record."""
        self.quiet_flush()
        by_model = defaultdict(dict)
        for (model, res_id), when in dates.items():
            by_model[model][res_id] = when
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("id", ">", marker), ("model", "in", list(by_model))])
        )
        groups = defaultdict(list)
        for message in messages:
            when = by_model[message.model].get(message.res_id)
            if when:
                groups[when].append(message.id)
        for when, ids in groups.items():
            self.env["mail.message"].sudo().browse(ids).write({"date": when})

    def read_notifications(self, marker, partners):
        """The inbox notifications of ``partners`` about the messages posted
        since ``marker`` were read on the messages' days."""
        notifications = (
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("mail_message_id", ">", marker),
                    ("notification_type", "=", "inbox"),
                    ("res_partner_id", "in", partners.ids),
                ]
            )
        )
        # Marking them read dates them now: their days are written after.
        notifications.write({"is_read": True})
        by_date = defaultdict(list)
        for notification in notifications:
            by_date[notification.mail_message_id.date].append(notification.id)
        for when, ids in by_date.items():
            notifications.browse(ids).write({"read_date": when})

    def closing(self, plan):
        """The claim's own date of closing, on the plan's day."""
        return {"date_closed": self.at(plan["closed"], "close")}

    def warranties_of(self, lots):
        """The warranties of ``lots`` by lot, in one search (an empty
        recordset for a lot without, or for no lot)."""
        lots = self.env["stock.lot"].union(*lots)
        found = defaultdict(lambda: self.env["aftersales.warranty"].sudo())
        for warranty in (
            self.env["aftersales.warranty"].sudo().search([("lot_id", "in", lots.ids)])
        ):
            found[warranty.lot_id] |= warranty
        return found

    def claim_documents(self, plans, field):
        claims = self.env["aftersales.claim"].browse([p["claim"].id for p in plans])
        return claims.sudo()[field]

    def move_documents(self, pickings, when):
        """Transfers done on the step's day, with their moves."""
        pickings = pickings.sudo().filtered(lambda p: p.state == "done")
        if not pickings:
            return
        pickings.write({"date_done": when})
        pickings.move_ids.write({"date": when})
        pickings.move_line_ids.write({"date": when})

    def move_repairs(self, repairs, when):
        repairs = repairs.sudo()
        if not repairs:
            return
        repairs.write({"schedule_date": when})
        done = repairs.move_ids.filtered(lambda m: m.state == "done")
        done.write({"date": when})
        done.move_line_ids.write({"date": when})
