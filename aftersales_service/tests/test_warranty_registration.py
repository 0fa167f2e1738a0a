# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date, timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AftersalesWarrantyCommon


@tagged("post_install", "-at_install")
class TestWarrantyRegistration(AftersalesWarrantyCommon):
    def test_delivery_registers_one_warranty_per_serial(self):
        lots = self._stock(self.product_serial, serials=["SN-A1", "SN-A2", "SN-A3"])
        order = self._sell([(self.product_serial, 3)])
        self.assertEqual(order.order_line.warranty_policy_id, self.policy_24)
        self._deliver(order.picking_ids)
        warranties = self._warranties(order)
        self.assertEqual(warranties.lot_id, lots)
        self.assertEqual(set(warranties.mapped("serial")), {"SN-A1", "SN-A2", "SN-A3"})
        today = fields.Date.context_today(warranties)
        for warranty in warranties:
            self.assertEqual(warranty.partner_id, self.customer)
            self.assertEqual(warranty.policy_id, self.policy_24)
            self.assertEqual(warranty.state, "active")
            self.assertEqual(warranty.quantity, 1)
            self.assertEqual(warranty.date_start, today)
            self.assertEqual(warranty.date_end, today + relativedelta(months=24))
            self.assertEqual(warranty.picking_id, order.picking_ids)
            self.assertEqual(warranty.legal_profile_id, self.profile_ru)
        self.assertEqual(order.aftersales_warranty_count, 3)
        self.assertEqual(lots[0].aftersales_warranty_count, 1)
        self.assertEqual(self.customer.aftersales_warranty_count, 3)
        # The stat buttons open exactly these warranties.
        search = self.env["aftersales.warranty"].search
        for record, expected in (
            (order, warranties),
            (lots[0], warranties.filtered(lambda w: w.lot_id == lots[0])),
            (self.customer, warranties),
        ):
            action = record.action_view_aftersales_warranties()
            self.assertEqual(action["res_model"], "aftersales.warranty")
            self.assertEqual(search(action["domain"]), expected)

    def test_partial_delivery_and_backorder(self):
        self._stock(self.product_serial, serials=["SN-B1", "SN-B2", "SN-B3"])
        order = self._sell([(self.product_serial, 3)])
        first = self._deliver(order.picking_ids, {self.product_serial: 2})
        self.assertEqual(len(self._warranties(order)), 2)
        backorder = order.picking_ids - first
        self.assertTrue(backorder)
        self._deliver(backorder)
        warranties = self._warranties(order)
        self.assertEqual(len(warranties), 3)
        self.assertEqual(len(warranties.lot_id), 3)

    def test_lots_and_untracked_products(self):
        self._stock(self.product_lot, quantity=10, lot_name="LOT-7")
        self._stock(self.product_untracked, quantity=10)
        order = self._sell([(self.product_lot, 4), (self.product_untracked, 5)])
        self._deliver(order.picking_ids)
        by_product = {w.product_id: w for w in self._warranties(order)}
        self.assertEqual(by_product[self.product_lot].quantity, 4)
        self.assertEqual(by_product[self.product_lot].serial, "LOT-7")
        self.assertEqual(by_product[self.product_untracked].quantity, 5)
        self.assertFalse(by_product[self.product_untracked].lot_id)
        # Category terms apply to products without terms of their own.
        self.assertEqual(
            by_product[self.product_untracked].policy_id, self.policy_category
        )
        # The same lot sold again gets a second active warranty.
        again = self._sell([(self.product_lot, 2)])
        self._deliver(again.picking_ids)
        self.assertEqual(self._warranties(again).serial, "LOT-7")

    def test_terms_chosen_on_the_line(self):
        self._stock(self.product_serial, serials=["SN-C1", "SN-C2"])
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    (
                        0,
                        0,
                        {"product_id": self.product_serial.id, "product_uom_qty": 1},
                    ),
                    (
                        0,
                        0,
                        {"product_id": self.product_serial.id, "product_uom_qty": 1},
                    ),
                ],
            }
        )
        line_changed, line_without = order.order_line
        line_changed.warranty_policy_id = self.policy_category
        line_without.warranty_policy_id = False
        order.action_confirm()
        self._deliver(order.picking_ids)
        warranties = self._warranties(order)
        self.assertEqual(warranties.policy_id, self.policy_category)
        self.assertEqual(warranties.sale_line_id, line_changed)

    def test_extended_warranty_sold_on_the_order(self):
        self._stock(self.product_serial, serials=["SN-D1"])
        order = self._sell([(self.product_serial, 1), (self.product_extension, 1, 0)])
        self._deliver(order.picking_ids)
        warranties = self._warranties(order)
        base = warranties.filtered(lambda w: w.warranty_type == "manufacturer")
        extended = warranties - base
        self.assertEqual(extended.parent_id, base)
        self.assertEqual(extended.policy_id, self.policy_extended)
        self.assertEqual(extended.lot_id, base.lot_id)
        self.assertEqual(extended.date_start, base.date_end + timedelta(days=1))
        self.assertEqual(
            extended.date_end, extended.date_start + relativedelta(months=12)
        )
        # Extending the base warranty (a repair) moves the extension along.
        base.extension_days = 10
        self.assertEqual(extended.date_start, base.date_end + timedelta(days=1))
        # Voiding the base warranty voids the extension too, which says why;
        # reactivating the base leaves the extension to the manager.
        base.action_void()
        self.assertEqual(extended.state, "void")
        self.assertEqual(
            extended.void_reason,
            f"The warranty it extends ({base.display_name}) is void.",
        )
        base.with_user(self.aftersales_manager).action_reactivate()
        self.assertEqual((base.state, extended.state), ("active", "void"))

    def test_extended_warranty_without_unit_is_refused(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    (0, 0, {"product_id": self.product_extension.id}),
                ],
            }
        )
        with self.assertRaises(UserError) as refused:
            order.with_user(self.salesman).action_confirm()
        self.assertIn("no unit to extend", str(refused.exception))
        self.assertEqual(order.state, "draft")

    def test_unit_extended_twice_is_refused(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    (0, 0, {"product_id": self.product_serial.id}),
                    (0, 0, {"product_id": self.product_extension.id}),
                    (0, 0, {"product_id": self.product_extension.id}),
                ],
            }
        )
        with self.assertRaises(UserError):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def _return(self, picking, quantities=None):
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        ).save()
        for line in wizard.product_return_moves:
            line.quantity = (quantities or {}).get(
                line.product_id, line.move_id.quantity
            )
        returned = wizard._create_return()
        return self._deliver(returned)

    def test_customer_return_voids_the_warranty(self):
        self._stock(self.product_serial, serials=["SN-E1", "SN-E2"])
        order = self._sell([(self.product_serial, 2), (self.product_extension, 1, 0)])
        self._return(self._deliver(order.picking_ids))
        warranties = self._warranties(order)
        self.assertEqual(len(warranties), 4)
        self.assertEqual(set(warranties.mapped("state")), {"void"})
        self.assertIn("Returned by the customer", warranties[0].void_reason)
        self.assertEqual(
            self.env["aftersales.warranty"].check_serial("SN-E1")["coverage"], "void"
        )

    def test_customer_return_ends_the_warranty_per_terms(self):
        self.policy_24.return_action = "end"
        self._stock(self.product_serial, serials=["SN-E3"])
        order = self._sell([(self.product_serial, 1), (self.product_extension, 1, 0)])
        self._return(self._deliver(order.picking_ids))
        warranties = self._warranties(order)
        base = warranties.filtered(lambda w: w.warranty_type == "manufacturer")
        self.assertEqual(base.state, "expired")
        self.assertEqual(base.date_end, fields.Date.context_today(base))
        # The extension had not started: it is void.
        self.assertEqual((warranties - base).state, "void")

    def test_partial_return_of_untracked_units(self):
        self._stock(self.product_untracked, quantity=10)
        order = self._sell([(self.product_untracked, 5)])
        delivery = self._deliver(order.picking_ids)
        self._return(delivery, {self.product_untracked: 2})
        warranties = self._warranties(order)
        kept = warranties.filtered(lambda w: w.state == "active")
        voided = warranties - kept
        self.assertEqual((kept.quantity, voided.quantity), (3, 2))

    def test_start_on_invoice_date(self):
        self.policy_24.start_trigger = "invoice"
        self._stock(self.product_serial, serials=["SN-F1"])
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        warranty = self._warranties(order)
        invoice = order._create_invoices()
        invoice.invoice_date = date.today() + timedelta(days=5)
        invoice.action_post()
        self.assertEqual(warranty.date_start, invoice.invoice_date)
        self.assertEqual(
            warranty.date_end, invoice.invoice_date + relativedelta(months=24)
        )

    def test_terms_over_before_delivery_register_expired(self):
        """A unit invoiced long before it is delivered, under terms that
        start on the invoice, is registered already expired."""
        self.policy_24.start_trigger = "invoice"
        self.product_serial.invoice_policy = "order"
        self._stock(self.product_serial, serials=["SN-F2"])
        order = self._sell([(self.product_serial, 1)])
        invoice = order._create_invoices()
        invoice.invoice_date = date.today() - relativedelta(years=3)
        invoice.action_post()
        self._deliver(order.picking_ids)
        warranty = self._warranties(order)
        self.assertEqual(warranty.date_start, invoice.invoice_date)
        self.assertEqual(warranty.state, "expired")

    def test_registered_warranty_shows_at_once_on_the_unit(self):
        """Lists read before the delivery show the new warranty after it."""
        lot = self._stock(self.product_serial, serials=["SN-C1"])
        self.assertFalse(lot.aftersales_warranty_ids)
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        self.assertEqual(lot.aftersales_warranty_ids, self._warranties(order))
        self.assertEqual(lot.aftersales_warranty_ids.serial, "SN-C1")

    def test_salesman_reads_but_cannot_edit(self):
        self._stock(self.product_serial, serials=["SN-G1"])
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        warranty = self._warranties(order).with_user(self.salesman)
        self.assertEqual(warranty.serial, "SN-G1")
        with self.assertRaises(AccessError):
            warranty.write({"extension_days": 5})
        with self.assertRaises(AccessError):
            warranty.action_void()
        self.assertEqual(order.with_user(self.salesman).aftersales_warranty_count, 1)

    def test_other_company_sees_nothing(self):
        self._stock(self.product_serial, serials=["SN-H1"])
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        warranties = self.env["aftersales.warranty"].with_user(self.user_company_b)
        self.assertFalse(warranties.search([("serial", "=", "SN-H1")]))
        self.assertEqual(warranties.check_serial("SN-H1")["coverage"], "no_warranty")

    def test_delivery_in_another_company(self):
        warehouse_b = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_b.id)], limit=1
        )
        lot = self.env["stock.lot"].create(
            {
                "name": "SN-MC1",
                "product_id": self.product_serial.id,
                "company_id": self.company_b.id,
            }
        )
        self.env["stock.quant"]._update_available_quantity(
            self.product_serial, warehouse_b.lot_stock_id, 1.0, lot_id=lot
        )
        order = (
            self.env["sale.order"]
            .with_company(self.company_b)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company_b.id,
                    "warehouse_id": warehouse_b.id,
                    "order_line": [(0, 0, {"product_id": self.product_serial.id})],
                }
            )
        )
        order.action_confirm()
        stock_user_b = self.stock_user.copy(
            {
                "login": "as_stock_user_b",
                "company_id": self.company_b.id,
                "company_ids": [(6, 0, self.company_b.ids)],
            }
        )
        self._deliver(order.picking_ids, user=stock_user_b)
        warranty = self._warranties(order)
        self.assertEqual(warranty.company_id, self.company_b)
        # The customer lives in Russia: the Russian profile applies.
        self.assertEqual(warranty.legal_profile_id, self.profile_ru)
        warranties = self.env["aftersales.warranty"]
        self.assertFalse(
            warranties.with_user(self.aftersales_user).search(
                [("serial", "=", "SN-MC1")]
            )
        )
        self.assertEqual(
            warranties.with_user(self.user_company_b).search(
                [("serial", "=", "SN-MC1")]
            ),
            warranty,
        )

    def test_terms_of_another_company_give_no_warranty(self):
        self.policy_24.company_id = self.company_b
        self._stock(self.product_serial, serials=["SN-MC2"])
        order = self._sell([(self.product_serial, 1)])
        order.order_line.warranty_policy_id = self.policy_24
        self._deliver(order.picking_ids)
        self.assertFalse(self._warranties(order))

    def test_bulk_insert_refuses_what_create_refuses(self):
        """The one insert without the ORM still runs the model's constraints
        and company checks, and a refused batch leaves no warranty."""
        lot = self._stock(self.product_serial, serials=["SN-BULK1"])
        today = fields.Date.today()
        foreign_terms = self.policy_24.copy({"company_id": self.company_b.id})
        vals = {
            "partner_id": self.customer.id,
            "product_id": self.product_serial.id,
            "lot_id": lot.id,
            "serial": lot.name,
            "quantity": 1.0,
            "policy_id": self.policy_24.id,
            "warranty_type": "manufacturer",
            "date_start": today,
            "date_end": today + relativedelta(months=24),
            "company_id": self.company.id,
            "state": "active",
        }
        warranties = self.env["aftersales.warranty"].sudo()
        before = warranties.search_count([])
        for wrong, error in (
            ({"product_id": self.product_untracked.id}, ValidationError),
            ({"policy_id": foreign_terms.id}, UserError),
        ):
            with self.subTest(wrong=wrong), self.assertRaises(error):
                warranties._insert_registered([vals, {**vals, **wrong}])
            self.assertEqual(warranties.search_count([]), before)
        self.assertEqual(len(warranties._insert_registered([vals])), 1)

    def test_registration_queries_do_not_grow_with_units(self):
        """The registration of a delivery costs the same number of queries
        for 5 units as for 25."""
        counts = []
        for size in (2, 5, 25):
            serials = [f"SN-Q{size}-{i}" for i in range(size)]
            self._stock(self.product_serial, serials=serials)
            order = self._sell([(self.product_serial, size)])
            picking = order.picking_ids
            # Deliver without registering, to count the registration alone.
            with patch.object(
                type(self.env["stock.move"]), "_aftersales_register_warranties"
            ):
                self._deliver(picking)
            self.assertFalse(self._warranties(order))
            moves = picking.move_ids
            self.env.invalidate_all()
            queries_before = self.env.cr.sql_log_count
            moves._aftersales_register_warranties()
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - queries_before)
            self.assertEqual(len(self._warranties(order)), size)
        # The first run also warms the caches.
        self.assertEqual(counts[1], counts[2])


@tagged("post_install", "-at_install")
class TestWarrantyExpiry(AftersalesWarrantyCommon):
    def test_cron_expires_in_bounded_batches(self):
        lots = self._stock(self.product_serial, serials=[f"SN-X{i}" for i in range(7)])
        warranties = self.env["aftersales.warranty"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "product_id": self.product_serial.id,
                    "lot_id": lot.id,
                    "policy_id": self.policy_24.id,
                }
                for lot in lots
            ]
        )
        self.assertEqual(set(warranties.mapped("state")), {"active"})
        later = fields.Date.context_today(warranties) + relativedelta(months=25)
        cron = self.env["aftersales.warranty"].with_context(lang="en_US")
        with freeze_time(later):
            self.env.invalidate_all()
            with self.assertQueryCount(__system__=5):
                self.assertEqual(cron._cron_expire(batch_size=3), 3)
            with self.assertQueryCount(__system__=5):
                self.assertEqual(cron._cron_expire(batch_size=3), 3)
            self.assertEqual(cron._cron_expire(batch_size=3), 1)
            self.assertEqual(cron._cron_expire(batch_size=3), 0)
        self.assertEqual(set(warranties.mapped("state")), {"expired"})


@tagged("post_install", "-at_install")
class TestServiceTermsOnOrders(AftersalesWarrantyCommon):
    def test_quotation_prints_the_service_terms(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    (0, 0, {"product_id": self.product_serial.id}),
                    (0, 0, {"product_id": self.product_extension.id}),
                ],
            }
        )
        html = str(
            self.env["ir.actions.report"]
            .with_user(self.salesman)
            ._render_qweb_html("sale.action_report_saleorder", order.ids)[0]
        )
        self.assertIn("Service Terms", html)
        self.assertIn("Maker 24 months", html)
        self.assertIn("Extended 12 months", html)
        self.assertIn("24 months, parts 100%, labour 100%", html)
