# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import json

from odoo.tests import new_test_user
from odoo.tests.common import JsonRpcException

from odoo.addons.base.tests.common import BaseCommon


class AftersalesCommon(BaseCommon):
    """Two companies and the users of each after-sales role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company_b = cls.env["res.company"].create(
            {"name": "After-Sales Company B", "country_id": cls.env.ref("base.de").id}
        )
        cls.aftersales_user = new_test_user(
            cls.env,
            login="as_user",
            groups="aftersales_service.group_aftersales_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.aftersales_manager = new_test_user(
            cls.env,
            login="as_manager",
            groups="aftersales_service.group_aftersales_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.user_company_b = new_test_user(
            cls.env,
            login="as_user_b",
            groups="aftersales_service.group_aftersales_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.employee = new_test_user(
            cls.env, login="as_employee", groups="base.group_user"
        )
        cls.profile_ru = cls.env.ref("aftersales_service.legal_profile_ru")
        cls.profile_eu = cls.env.ref("aftersales_service.legal_profile_eu")
        cls.profile_us = cls.env.ref("aftersales_service.legal_profile_us")

    def _load_russian(self, modules=("aftersales_service",)):
        """Russian installed, with the translations of ``modules``."""
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(
            list(modules), ["ru_RU"], overwrite=True
        )


class AftersalesWarrantyCommon(AftersalesCommon):
    """Equipment in stock, its warranty terms, a customer and the people who
    sell and deliver it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        policies = cls.env["aftersales.warranty.policy"]
        cls.policy_24 = policies.create(
            {"name": "Maker 24 months", "duration": 24, "duration_unit": "month"}
        )
        cls.policy_category = policies.create(
            {"name": "Category 1 year", "duration": 1, "duration_unit": "year"}
        )
        cls.policy_extended = policies.create(
            {
                "name": "Extended 12 months",
                "warranty_type": "extended",
                "duration": 12,
                "duration_unit": "month",
                "return_action": "end",
            }
        )
        cls.category = cls.env["product.category"].create(
            {"name": "Appliances (test)", "warranty_policy_id": cls.policy_category.id}
        )
        products = cls.env["product.product"]
        cls.product_serial = products.create(
            {
                "name": "Washer (test)",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.category.id,
                "warranty_policy_id": cls.policy_24.id,
                "list_price": 500.0,
            }
        )
        cls.product_lot = products.create(
            {
                "name": "Filter (test)",
                "is_storable": True,
                "tracking": "lot",
                "categ_id": cls.category.id,
            }
        )
        cls.product_untracked = products.create(
            {"name": "Kettle (test)", "is_storable": True, "categ_id": cls.category.id}
        )
        cls.product_extension = products.create(
            {
                "name": "Extended warranty (test)",
                "type": "service",
                "aftersales_extended_policy_id": cls.policy_extended.id,
                "list_price": 50.0,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Customer (test)", "country_id": cls.env.ref("base.ru").id}
        )
        cls.salesman = new_test_user(
            cls.env,
            login="as_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.stock_user = new_test_user(
            cls.env,
            login="as_stock_user",
            groups="stock.group_stock_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    @classmethod
    def _stock(cls, product, serials=(), quantity=0.0, lot_name=None):
        """Put units in stock: one per serial, or a quantity (of one lot)."""
        quants = cls.env["stock.quant"]
        lots = cls.env["stock.lot"].create(
            [
                {"name": name, "product_id": product.id, "company_id": cls.company.id}
                for name in (serials or ([lot_name] if lot_name else []))
            ]
        )
        for lot in lots:
            quants._update_available_quantity(
                product, cls.stock_location, quantity or 1.0, lot_id=lot
            )
        if not lots:
            quants._update_available_quantity(product, cls.stock_location, quantity)
        return lots

    def _sell(self, lines, partner=None):
        """Confirm an order of (product, quantity[, extends line index])."""
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "order_line": [
                    (0, 0, {"product_id": line[0].id, "product_uom_qty": line[1]})
                    for line in lines
                ],
            }
        )
        for line, spec in zip(order.order_line, lines, strict=True):
            if len(spec) > 2:
                line.aftersales_extends_line_id = order.order_line[spec[2]]
        order.action_confirm()
        return order

    def _deliver(self, picking, quantities=None, user=None):
        """Validate ``picking`` as the stock user; ``quantities`` maps products
        to the quantity to deliver now (the rest goes to a backorder)."""
        picking = picking.with_user(user or self.stock_user)
        picking.action_assign()
        for move in picking.move_ids:
            if quantities and move.product_id in quantities:
                move.quantity = quantities[move.product_id]
            move.picked = True
        picking.with_context(skip_backorder=True).button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _warranties(self, order):
        return self.env["aftersales.warranty"].search(
            [("sale_order_id", "=", order.id)], order="id"
        )


class AftersalesRpcMixin:
    """Calls as the web client and RPC integrators make them: JSON-RPC on
    ``/web/dataset/call_kw``, as the user the test authenticated (mix into an
    ``HttpCase``)."""

    def call_kw(self, model, method, *args, **kwargs):
        """The call's result; raises ``JsonRpcException`` (its message: the
        error's class and text) when the server refuses it."""
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 0,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": list(args),
                        "kwargs": kwargs,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        decoded = response.json()
        if "error" in decoded:
            data = decoded["error"]["data"]
            raise JsonRpcException(
                decoded["error"]["code"], f"{data['name']}: {data['message']}"
            )
        return decoded["result"]

    def assertRpcRefused(self, model, method, *args, **kwargs):
        """The call fails with an Odoo error (access, user or validation
        error); returns its message, ``<error class>: <text>``."""
        with self.assertRaises(JsonRpcException) as caught:
            self.call_kw(model, method, *args, **kwargs)
        return str(caught.exception)
