# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AftersalesWarrantyCommon


@tagged("post_install", "-at_install")
class TestMaintenancePlan(AftersalesWarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan_product = cls.env["product.product"].create(
            {
                "name": "Maintenance plan 5 months x 4 (test)",
                "type": "service",
                "aftersales_service_kind": "maintenance_plan",
                "aftersales_plan_period_months": 5,
                "aftersales_plan_visit_count": 4,
                "invoice_policy": "order",
                "list_price": 120.0,
            }
        )
        cls.policy_24.requires_maintenance = True
        cls.plans = cls.env["aftersales.maintenance.plan"]
        cls.today = fields.Date.context_today(cls.env.user)

    def _units(self, prefix, count):
        return self.env["stock.lot"].create(
            [
                {
                    "name": f"{prefix}-{i:03d}",
                    "product_id": self.product_serial.id,
                    "company_id": self.company.id,
                }
                for i in range(count)
            ]
        )

    def _plan_vals(self, lot, **vals):
        return {
            "lot_id": lot.id,
            "partner_id": self.customer.id,
            "product_id": self.plan_product.id,
            **vals,
        }

    def test_delivery_starts_plans_and_their_visits(self):
        """Two washers delivered with one plan: one plan (the plan line's
        quantity), visits at 5 and 10 months (the third, at 15, is beyond
        the year ahead), invoiced up front with the order."""
        self._stock(self.product_serial, ["SN-MP-1", "SN-MP-2"])
        order = self._sell([(self.product_serial, 2), (self.plan_product, 1)])
        self._deliver(order.picking_ids)
        plans = self.plans.search([("sale_order_id", "=", order.id)])
        self.assertEqual(len(plans), 1)
        self.assertEqual(plans.lot_id.name, "SN-MP-1")
        self.assertEqual(plans.partner_id, self.customer)
        self.assertEqual((plans.period_months, plans.visit_count), (5, 4))
        visits = plans.fsm_order_ids.sorted("scheduled_date_start")
        self.assertEqual(len(visits), 2)
        self.assertEqual(
            [v.scheduled_date_start.date() for v in visits],
            [
                self.today + relativedelta(months=5),
                self.today + relativedelta(months=10),
            ],
        )
        self.assertEqual(set(visits.mapped("aftersales_visit_type")), {"maintenance"})
        self.assertEqual(visits.aftersales_lot_ids, plans.lot_id)
        self.assertEqual(visits.location_id.owner_id, self.customer)
        self.assertEqual(visits.equipment_ids.lot_id, plans.lot_id)
        self.assertEqual(plans.visit_generated_count, 2)
        self.assertEqual(plans.date_next_visit, self.today + relativedelta(months=15))
        self.assertEqual(plans.date_end, self.today + relativedelta(months=20))
        self.assertEqual(len(set(visits.mapped("name"))), 2)
        # Invoiced up front: the whole plan is to invoice once the order is
        # confirmed, whatever the visits.
        plan_line = order.order_line.filtered(
            lambda line: line.product_id == self.plan_product
        )
        self.assertEqual(plan_line.qty_to_invoice, 1.0)
        # The daily cron, a year later, creates the following visits only.
        self.plans._cron_generate_visits()
        self.assertEqual(len(plans.fsm_order_ids), 2)
        plans._generate_visits(self.today + relativedelta(months=25))
        self.assertEqual(len(plans.fsm_order_ids), 4)
        self.assertEqual(plans.state, "done")

    def test_generation_queries_do_not_grow_with_units(self):
        """A year of visits for 10 and for 40 plans: the same number of
        queries."""
        warm = self.plans.create(
            [self._plan_vals(lot) for lot in self._units("SN-QW", 2)]
        )
        warm._generate_visits()
        location = warm.location_id
        counts = []
        # The first batch with a location warms the caches.
        for size in (3, 10, 40):
            plans = self.plans.create(
                [
                    self._plan_vals(lot, location_id=location.id)
                    for lot in self._units(f"SN-Q{size}", size)
                ]
            )
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with self.assertQueryCount(__system__=23):
                visits = plans._generate_visits()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(len(visits), 2 * size)
            self.assertEqual(len(set(visits.mapped("name"))), 2 * size)
        self.assertEqual(counts[1], counts[2])

    def test_zero_or_negative_period_refused(self):
        lot = self._units("SN-BAD", 1)
        plans = self.plans.with_user(self.aftersales_user)
        for vals in ({"period_months": 0}, {"visit_count": -1}, {"period_months": -3}):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(
                    ValidationError, "at least one month and at least one visit"
                ),
                mute_logger("odoo.sql_db"),
            ):
                with self.env.cr.savepoint():
                    plans.create(self._plan_vals(lot, **vals))
        self.assertFalse(self.plans.search([("lot_id", "=", lot.id)]))
        self.assertFalse(
            self.env["fsm.order"].search([("aftersales_lot_ids", "in", lot.ids)])
        )
        plan = plans.create(self._plan_vals(lot))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            plan.write({"visit_count": 0})
        self.assertEqual(plan.visit_count, 4)
        with self.assertRaisesRegex(ValidationError, "at least one month"):
            with self.env.cr.savepoint():
                self.plan_product.aftersales_plan_period_months = 0
        self.assertEqual(self.plan_product.aftersales_plan_period_months, 5)
        # The refusal in the user's language.
        self._load_russian()
        with (
            self.assertRaisesRegex(
                ValidationError, "нужна периодичность не меньше месяца"
            ),
            self.env.cr.savepoint(),
        ):
            plans.with_context(lang="ru_RU").create(
                self._plan_vals(lot, period_months=0)
            )

    def test_overdue_maintenance_flag(self):
        """A warranty whose terms require maintenance is flagged while a
        maintenance visit is past its date and not done; not another's."""
        self._stock(self.product_serial, ["SN-OV-1"])
        self._stock(self.product_untracked, quantity=1)
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        warranty = self._warranties(order)
        self.assertTrue(warranty.policy_id.requires_maintenance)
        plan = self.plans.create(
            self._plan_vals(
                warranty.lot_id, date_start=self.today - relativedelta(months=7)
            )
        )
        other_lot = self._units("SN-OV-OTHER", 1)
        other_policy = self.env["aftersales.warranty.policy"].create(
            {"name": "No maintenance needed", "duration": 12}
        )
        other_warranty = self.env["aftersales.warranty"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.product_serial.id,
                "lot_id": other_lot.id,
                "policy_id": other_policy.id,
                "date_start": self.today - timedelta(days=200),
            }
        )
        self.plans.create(
            self._plan_vals(other_lot, date_start=self.today - relativedelta(months=7))
        )._generate_visits()
        visits = plan._generate_visits()
        late = visits.filtered(lambda v: v.scheduled_date_start.date() < self.today)
        self.assertEqual(len(late), 1)
        self.assertFalse(warranty.maintenance_overdue)
        self.env["aftersales.warranty"]._cron_check_maintenance()
        self.assertTrue(warranty.maintenance_overdue)
        self.assertFalse(other_warranty.maintenance_overdue)
        self.assertIn(
            warranty,
            self.env["aftersales.warranty"].search(
                [("maintenance_overdue", "=", True)]
            ),
        )
        late.action_complete()
        self.env["aftersales.warranty"]._cron_check_maintenance()
        self.assertFalse(warranty.maintenance_overdue)

    def test_cancel_plan_cancels_open_visits(self):
        plan = self.plans.create(self._plan_vals(self._units("SN-CX", 1)))
        visits = plan._generate_visits()
        plan.with_user(self.aftersales_user).action_cancel()
        self.assertEqual(plan.state, "cancelled")
        self.assertTrue(all(visits.mapped("is_closed")))
        self.assertFalse(plan._generate_visits())

    def test_access_by_role_and_company(self):
        plan = self.plans.create(self._plan_vals(self._units("SN-AC", 1)))
        self.assertEqual(
            self.plans.with_user(self.aftersales_user).search([("id", "=", plan.id)]),
            plan,
        )
        self.assertFalse(
            self.plans.with_user(self.user_company_b).search([("id", "=", plan.id)])
        )
        with self.assertRaises(AccessError):
            plan.with_user(self.user_company_b).read(["lot_id"])
        with self.assertRaises(AccessError):
            plan.with_user(self.employee).read(["lot_id"])
        with self.assertRaises(AccessError):
            plan.with_user(self.user_company_b).action_generate_visits()
        with self.assertRaises(AccessError):
            plan.with_user(self.aftersales_user).unlink()
        self.assertFalse(plan.fsm_order_ids)
