# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import datetime, time

from odoo import SUPERUSER_ID, fields
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

SEED = 7
UNITS = 500


@tagged("post_install", "-at_install")
class TestDemoHistory(TransactionCase):
    """The generator of the demo's history, on a catalog of its own: the
    same seed makes the same history, and its figures have the shapes the
    demo promises (24 months, three countries, a falling curve, one bad
    lot, costs), with every message on its record's day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.country_id = env.ref("base.ru")
        cls.manager = new_test_user(
            env,
            login="dh_manager",
            email="dh_manager@example.com",
            groups="aftersales_service.group_aftersales_manager,stock.group_stock_user",
        )
        cls.technician = new_test_user(
            env,
            login="dh_technician",
            email="dh_technician@example.com",
            groups="aftersales_service.group_aftersales_user,stock.group_stock_user",
        )
        policy = env["aftersales.warranty.policy"].create(
            {"name": "Maker 24 months (test)", "duration": 24, "duration_unit": "month"}
        )
        cls.category = env["product.category"].create(
            {
                "name": "Appliances (history)",
                "warranty_policy_id": policy.id,
                "aftersales_loaner_same_category": True,
            }
        )
        products = env["product.product"].create(
            [
                {
                    "name": name,
                    "default_code": code,
                    "is_storable": True,
                    "tracking": "serial",
                    "categ_id": cls.category.id,
                    "list_price": price,
                    "standard_price": price / 2,
                }
                for name, code, price in (
                    ("Washer (history)", "HW-1", 700.0),
                    ("Coffee machine (history)", "HC-1", 500.0),
                )
            ]
        )
        cls.washer, cls.coffee = products
        vendor = env["res.partner"].create({"name": "Parts vendor (history)"})
        board, pump = env["product.product"].create(
            [
                {
                    "name": "Board (history)",
                    "is_storable": True,
                    "standard_price": 60.0,
                    "seller_ids": [
                        (0, 0, {"partner_id": vendor.id, "price": 55.0, "delay": 3})
                    ],
                },
                {"name": "Pump (history)", "is_storable": True, "standard_price": 20.0},
            ]
        )
        kits = env["aftersales.parts.kit"]
        kits.create(
            [
                {
                    "name": "No power (history)",
                    "failure_code_id": env.ref(
                        "aftersales_service.failure_code_no_power"
                    ).id,
                    "line_ids": [(0, 0, {"product_id": board.id, "quantity": 1})],
                },
                {
                    "name": "Leak (history)",
                    "failure_code_id": env.ref(
                        "aftersales_service.failure_code_leak"
                    ).id,
                    "line_ids": [(0, 0, {"product_id": pump.id, "quantity": 1})],
                },
            ]
        )
        cls.board = board
        cls.users = cls.manager | cls.technician
        # The same seed twice: the first history is rolled back.
        env.cr.execute("SAVEPOINT demo_history_first")
        cls.first = cls._generate()
        env.invalidate_all()
        env.cr.precommit.clear()
        env.cr.execute("ROLLBACK TO SAVEPOINT demo_history_first")
        env.registry.clear_cache()
        env.cr.execute("SELECT COALESCE(max(id), 0) FROM mail_mail")
        cls.mail_marker = env.cr.fetchone()[0]
        cls.figures = cls._generate()
        cls.claims = env["aftersales.claim"].search(
            [("product_id", "in", products.ids)]
        )

    @classmethod
    def _generate(cls):
        return cls.env["aftersales.demo.history"]._generate(
            SEED,
            UNITS,
            (cls.washer | cls.coffee).ids,
            cls.users.ids,
            False,
            cls.coffee.id,
        )

    def test_same_seed_same_history(self):
        for key in ("units", "claims", "units_by_month", "claims_by_month", "bad_lot"):
            self.assertEqual(self.first[key], self.figures[key], key)
        self.assertGreaterEqual(self.figures["units"], UNITS * 0.9)
        self.assertGreater(self.figures["claims"], 20)

    def test_two_years_three_countries(self):
        self.assertEqual(self.figures["months"], 24)
        warranties = self.env["aftersales.warranty"].search(
            [("product_id", "in", (self.washer | self.coffee).ids)]
        )
        today = fields.Date.context_today(warranties)
        months = {w.date_start.replace(day=1) for w in warranties}
        self.assertEqual(len(months), 24)
        self.assertLessEqual(max(w.date_start for w in warranties), today)
        self.assertGreaterEqual(len(warranties.partner_id.country_id), 3)
        # The claims too span the two years, and none is dated ahead.
        self.assertGreaterEqual(len(self.figures["claims_by_month"]), 18)
        self.assertLessEqual(max(self.claims.mapped("date_claim")), today)

    def test_curve_falls_after_the_first_months(self):
        exposure = self.env["aftersales.service.exposure"]
        exposure._refresh()
        curve = exposure._mis_curve(
            [("product_id", "=", self.washer.id)], groupby="product_id"
        )[False]
        rates = {age: rate for age, rate, __, ___ in curve if rate is not None}
        early = sum(rates[age] for age in (1, 2, 3)) / 3
        later = [rates[age] for age in range(6, 19) if age in rates]
        self.assertGreater(early, 1.5 * sum(later) / len(later))

    def test_bad_lot_raises_the_early_warning(self):
        self.category.write(
            {"aftersales_early_warning_factor": 4.0, "aftersales_alert_min_units": 10}
        )
        self.env["aftersales.service.exposure"]._refresh()
        proposal = self.env["aftersales.withdrawal.proposal"]
        warnings = proposal._early_warnings(fields.Date.context_today(proposal))
        # The bad lot, whatever the day (other sale months may come near the
        # factor by chance, rarely).
        [warning] = [
            w
            for w in warnings
            if (w["product_id"], w["date_cohort"])
            == (self.coffee.id, self.figures["bad_lot"])
        ]
        self.assertGreater(warning["early_rate"], 4.0 * warning["early_reference"])

    def test_claims_go_through_their_steps(self):
        claims = self.claims
        self.assertFalse(
            claims.user_id.filtered(
                lambda u: u._is_superuser() or u == self.env.ref("base.user_admin")
            )
        )
        self.assertLessEqual(claims.user_id, self.users)
        # Refunds too when the orders of the refunded units were invoiced
        # (one in ten closed claims, see tests/test_demo_data.py on the demo).
        self.assertLessEqual(
            {"repaired", "replaced", "rejected"}, set(claims.mapped("resolution"))
        )
        self.assertTrue(claims.loan_ids)
        self.assertTrue(claims.repair_ids.filtered(lambda r: r.state == "done"))
        self.assertTrue(
            self.env["aftersales.supplier.claim"].search(
                [("claim_id", "in", claims.ids)]
            )
        )
        analysis = self.env["aftersales.claim.analysis"]
        analysis._refresh()
        [(parts, replacement)] = analysis._read_group(
            [("product_id", "in", claims.product_id.ids)],
            [],
            ["parts_cost:sum", "replacement_cost:sum"],
        )
        self.assertGreater(parts, 0)
        self.assertGreater(replacement, 0)

    def test_messages_on_their_records_days(self):
        """No message of the history before its record's own day nor in
        the future; the transfers done on the claim's days."""
        env = self.env
        now = fields.Datetime.now()
        claims = self.claims
        day_of = {("aftersales.claim", c.id): c.date_claim for c in claims}
        for loan in claims.loan_ids:
            day_of[("aftersales.loan", loan.id)] = loan.date_out
        for warranty in claims.warranty_id:
            day_of[("aftersales.warranty", warranty.id)] = warranty.date_start
        for picking in claims.picking_ids:
            day_of[("stock.picking", picking.id)] = picking.date_done.date()
        messages = env["mail.message"].search(
            [
                "|",
                "|",
                "|",
                "&",
                ("model", "=", "aftersales.claim"),
                ("res_id", "in", claims.ids),
                "&",
                ("model", "=", "aftersales.loan"),
                ("res_id", "in", claims.loan_ids.ids),
                "&",
                ("model", "=", "aftersales.warranty"),
                ("res_id", "in", claims.warranty_id.ids),
                "&",
                ("model", "=", "stock.picking"),
                ("res_id", "in", claims.picking_ids.ids),
            ]
        )
        self.assertTrue(messages)
        problems = [
            f"{m.model} {m.res_id}: message of {m.date}, record of "
            f"{day_of[(m.model, m.res_id)]}"
            for m in messages
            if m.date < datetime.combine(day_of[(m.model, m.res_id)], time())
            or m.date > now
        ]
        self.assertFalse(problems, "\n".join(problems[:10]))
        for claim in claims.filtered("date_received"):
            receipt = claim.picking_ids.filtered(
                lambda p: p.aftersales_leg == "receipt"
            )
            self.assertEqual(receipt.date_done.date(), claim.date_received.date())
        self.assertNotIn(SUPERUSER_ID, claims.user_id.ids)

    def test_no_mail_of_the_past(self):
        """The staff is told of the history's steps in its inbox, read on
        their days: no e-mail is queued today about claims of long ago, and
        the staff's own preference is kept."""
        env = self.env
        self.assertFalse(
            env["mail.mail"].sudo().search([("id", ">", self.mail_marker)])
        )
        self.assertEqual(set(self.users.mapped("notification_type")), {"email"})
        notifications = (
            env["mail.notification"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "aftersales.claim"),
                    ("mail_message_id.res_id", "in", self.claims.ids),
                    ("res_partner_id", "in", self.users.partner_id.ids),
                ]
            )
        )
        self.assertTrue(notifications)
        self.assertEqual(set(notifications.mapped("notification_type")), {"inbox"})
        self.assertTrue(all(notifications.mapped("is_read")))
        self.assertEqual(
            [n.read_date for n in notifications],
            [n.mail_message_id.date for n in notifications],
        )
