# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import AftersalesRpcMixin
from .test_service_exposure import month
from .test_service_forecast import ForecastCommon


class ReserveCommon(ForecastCommon):
    """The forecast's product (see ForecastCommon), with costs: 3 of its 9
    claims replaced the unit, which costs 200, 5 were rejected and 1 is still
    open, so a resolved claim costs 600 / 8 = 75 on average. By a constant
    rate, 0.611 claims a month for five months: 45.83 a month, a reserve of
    229.15."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.standard_price = 200
        for claim in cls.claims[:3]:
            claim.write({"state": "done", "resolution": "replaced"})
        cls.claims[3:8].write({"state": "rejected"})
        # One claim still open: not costed yet, it would lower the average.
        cls.env["aftersales.claim.analysis"]._refresh()
        cls.reserve_manager = new_test_user(
            cls.env,
            login="as_reserve_manager",
            groups="aftersales_service.group_aftersales_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        accounts = cls.env["account.account"]
        cls.expense = accounts.create(
            {"code": "AS9101", "name": "Warranty expense", "account_type": "expense"}
        )
        cls.provision = accounts.create(
            {
                "code": "AS9601",
                "name": "Warranty provision",
                "account_type": "liability_current",
            }
        )
        cls.journal = cls.env["account.journal"].create(
            {"name": "Warranty reserve", "code": "ASWR", "type": "general"}
        )

    def _settings(self):
        self.company.write(
            {
                "aftersales_reserve_journal_id": self.journal.id,
                "aftersales_reserve_expense_account_id": self.expense.id,
                "aftersales_reserve_account_id": self.provision.id,
            }
        )

    def _snapshot(self, user=None, company=None):
        reserves = self.env["aftersales.warranty.reserve"]
        return reserves.with_user(user or self.reserve_manager)._snapshot(
            company or self.company, fields.Date.today(), "constant"
        )


@tagged("post_install", "-at_install")
class TestWarrantyReserve(ReserveCommon):
    def test_reserve_by_hand(self):
        reserve = self._snapshot()
        self.assertEqual(reserve.currency_id, self.company.currency_id)
        self.assertEqual(reserve.unit_count, 100)
        self.assertEqual(reserve.amount_total, 229.15)
        self.assertEqual(reserve.amount_next, 229.15)
        self.assertEqual(reserve.expected_claim_count, 3.06)
        line = reserve.product_ids
        self.assertEqual(line.product_id, self.product)
        self.assertEqual(line.cost_per_claim, 75)
        self.assertEqual(line.cost_claim_count, 8)
        self.assertEqual(line.cost_source, "product")
        self.assertTrue(line.extrapolated)
        self.assertEqual(line.method, "constant")
        # The five months left of the units' coverage; none after.
        months = reserve.month_ids
        self.assertEqual(months.mapped("months_ahead"), [1, 2, 3, 4, 5])
        self.assertEqual(months.mapped("amount"), [45.83] * 5)
        self.assertEqual(months.mapped("date"), [month(n) for n in range(1, 6)])
        self.assertEqual(months.product_categ_id, self.category)

    def test_cost_per_claim_and_unit(self):
        """600 over the 9 claims, and over the 109 units sold in company A."""
        analysis = self.env["aftersales.claim.analysis"].with_user(self.reserve_manager)
        domain = [("product_id", "=", self.product.id)]
        measures = ["net_cost", "cost_per_claim", "unit_net_cost", "cost_per_unit"]
        total = analysis.read_group(domain, measures, [])[0]
        self.assertEqual(total["net_cost"], 600)
        self.assertEqual(total["cost_per_claim"], 66.67)
        self.assertEqual(total["unit_net_cost"], 600)
        self.assertEqual(total["cost_per_unit"], round(600 / 109, 2))
        with self.assertRaises(AccessError):
            analysis.with_user(self.aftersales_user).read_group(
                domain, ["cost_per_claim"], []
            )

    def test_category_cost_for_a_new_product(self):
        """A product without claims of its own takes its category's cost."""
        newcomer = self._product("Boiler mark II (test)")
        self._warranty(newcomer, 10, month(-6), month(5, -1))
        self.exposure._refresh()
        line = self._snapshot().product_ids.filtered(
            lambda line: line.product_id == newcomer
        )
        self.assertEqual(line.cost_source, "category")
        self.assertEqual(line.cost_per_claim, 75)
        # No claim of its own at any age: nothing expected, nothing reserved.
        self.assertEqual(line.amount_total, 0)

    def test_entry_books_the_difference(self):
        reserve = self._snapshot()
        with self.assertRaisesRegex(UserError, "settings"):
            reserve.action_create_entry()
        self.assertFalse(reserve.move_id)
        self._settings()
        reserve.action_create_entry()
        move = reserve.move_id
        self.assertEqual(move.state, "draft")
        self.assertEqual(move.journal_id, self.journal)
        self.assertEqual(move.currency_id, self.company.currency_id)
        self.assertEqual(
            sorted(
                (line.account_id, line.debit, line.credit) for line in move.line_ids
            ),
            sorted([(self.expense, 229.15, 0.0), (self.provision, 0.0, 229.15)]),
        )
        with self.assertRaisesRegex(UserError, "already has its journal entry"):
            reserve.action_create_entry()
        with self.assertRaisesRegex(UserError, "journal entry is kept"):
            reserve.with_user(self.reserve_manager).unlink()
        move.sudo().action_post()
        # Provided already: the next reserve, the same, has nothing to book.
        again = self._snapshot()
        with self.assertRaisesRegex(UserError, "nothing to book"):
            again.action_create_entry()
        # The units void: the reserve falls to 0 and the provision is
        # released, the reserve account debited.
        self.units._void("Recalled (test)")
        self.exposure._refresh()
        released = self._snapshot()
        self.assertEqual(released.amount_total, 0)
        released.action_create_entry()
        self.assertEqual(released.amount_booked, 229.15)
        self.assertEqual(
            sorted(
                (line.account_id, line.debit, line.credit)
                for line in released.move_id.line_ids
            ),
            sorted([(self.provision, 229.15, 0.0), (self.expense, 0.0, 229.15)]),
        )

    def test_other_currency(self):
        """Company B keeps its books in euros: its reserve is in euros."""
        euro = self.env.ref("base.EUR")
        euro.active = True
        self.company_b.currency_id = euro
        manager_b = new_test_user(
            self.env,
            login="as_reserve_manager_b",
            groups="aftersales_service.group_aftersales_manager",
            company_id=self.company_b.id,
            company_ids=[self.company_b.id],
        )
        reserve = self._snapshot(manager_b, self.company_b)
        self.assertEqual(reserve.currency_id, euro)
        self.assertEqual(reserve.unit_count, 10)
        self.assertEqual(reserve.product_ids.cost_source, "none")
        self.assertEqual(reserve.amount_total, 0)
        self.assertFalse(
            self.env["aftersales.warranty.reserve"]
            .with_user(manager_b)
            .search([("company_id", "=", self.company.id)])
        )

    def test_plain_user_refused(self):
        self._snapshot()
        reserves = self.env["aftersales.warranty.reserve"].with_user(
            self.aftersales_user
        )
        with self.assertRaises(AccessError):
            reserves.search([])
        with self.assertRaises(AccessError):
            reserves.action_compute()
        with self.assertRaises(AccessError):
            self.env["aftersales.warranty.reserve.month"].with_user(
                self.aftersales_user
            ).search([])

    def test_figures_are_the_servers(self):
        """A manager cannot write a reserve's figures, nor create one."""
        reserve = self._snapshot()
        reserves = self.env["aftersales.warranty.reserve"].with_user(
            self.reserve_manager
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            reserve.with_user(self.reserve_manager).write({"amount_total": 1})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            reserves.create({"amount_total": 1})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            reserve.product_ids.with_user(self.reserve_manager).write(
                {"amount_total": 1}
            )
        self.assertEqual(reserve.amount_total, 229.15)
        self.assertEqual(reserves.search_count([]), 1)

    def test_queries_do_not_grow_with_units(self):
        self._snapshot()  # warm the caches
        with self.assertQueryCount(__system__=23):
            self._snapshot()
        for __ in range(20):
            self._warranty(self.product, 5, month(-3), month(8, -1))
        self.exposure._refresh()
        with self.assertQueryCount(__system__=23):
            self.assertEqual(self._snapshot().unit_count, 200)

    def test_cron(self):
        reserves = self.env["aftersales.warranty.reserve"]
        created = reserves._cron_snapshot()
        self.assertIn(self.company, created.company_id)
        self.assertIn(self.company_b, created.company_id)


@tagged("post_install", "-at_install")
class TestWarrantyReserveHttp(ReserveCommon, AftersalesRpcMixin, HttpCase):
    """The same refusals through JSON-RPC, as an integrator would try."""

    def test_rpc_refused(self):
        reserve = self._snapshot()
        self.authenticate("as_reserve_manager", "as_reserve_manager")
        model = "aftersales.warranty.reserve"
        self.assertIn(
            "AccessError",
            self.assertRpcRefused(model, "write", [reserve.id], {"amount_total": 1}),
        )
        self.assertIn(
            "AccessError", self.assertRpcRefused(model, "create", {"amount_total": 1})
        )
        self.authenticate("as_user", "as_user")
        self.assertIn("AccessError", self.assertRpcRefused(model, "action_compute"))
        self.assertIn(
            "AccessError",
            self.assertRpcRefused(model, "action_create_entry", [reserve.id]),
        )
        reserve.invalidate_recordset()
        self.assertEqual(reserve.amount_total, 229.15)
        self.assertFalse(reserve.move_id)
        self.assertEqual(self.env[model].search_count([]), 1)
