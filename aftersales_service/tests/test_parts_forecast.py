# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from contextlib import contextmanager
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .test_service_exposure import ExposureCommon, month


class PartsForecastCommon(ExposureCommon):
    """A washer and its parts kits: the leak kit (for any product) takes 2
    pumps; the power kit of the washer takes 1 board and 1 pump (the power
    kit for any product, 5 boards, is not the washer's). 4 pumps in stock,
    6 gaskets on their way in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.washer = cls._product("Washer (forecast test)")
        cls.toaster = cls._product("Toaster (forecast test)")
        cls.vendor = cls.env["res.partner"].create({"name": "Parts vendor (test)"})
        buy = cls.env.ref("purchase_stock.route_warehouse0_buy")
        products = cls.env["product.product"]
        cls.pump = products.create(
            {
                "name": "Drain pump (forecast test)",
                "is_storable": True,
                "standard_price": 20.0,
                "route_ids": [Command.set(buy.ids)],
            }
        )
        cls.board = products.create(
            {
                "name": "Control board (forecast test)",
                "is_storable": True,
                "standard_price": 60.0,
                "route_ids": [Command.set(buy.ids)],
                "seller_ids": [
                    Command.create({"partner_id": cls.vendor.id, "price": 55.0})
                ],
            }
        )
        cls.gasket = products.create(
            {"name": "Door gasket (forecast test)", "is_storable": True}
        )
        codes = cls.env["aftersales.failure.code"]
        cls.code_leak = codes.create({"code": "F-LEAK", "name": "Leak (test)"})
        cls.code_power = codes.create({"code": "F-PWR", "name": "No power (test)"})
        kits = cls.env["aftersales.parts.kit"]
        kits.create(
            {
                "name": "Leak",
                "failure_code_id": cls.code_leak.id,
                "line_ids": [
                    Command.create({"product_id": cls.pump.id, "quantity": 2})
                ],
            }
        )
        kits.create(
            {
                "name": "No power, any product",
                "failure_code_id": cls.code_power.id,
                "line_ids": [
                    Command.create({"product_id": cls.board.id, "quantity": 5})
                ],
            }
        )
        kits.create(
            {
                "name": "No power on the washer",
                "failure_code_id": cls.code_power.id,
                "product_id": cls.washer.id,
                "line_ids": [
                    Command.create({"product_id": cls.board.id}),
                    Command.create({"product_id": cls.pump.id}),
                ],
            }
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(
            cls.pump, cls.stock_location, 4
        )
        receipt = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse.in_type_id.id,
                "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": cls.stock_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": cls.gasket.name,
                            "product_id": cls.gasket.id,
                            "product_uom_qty": 6,
                            "location_id": cls.env.ref(
                                "stock.stock_location_suppliers"
                            ).id,
                            "location_dest_id": cls.stock_location.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        cls.parts_manager = new_test_user(
            cls.env,
            login="as_parts_manager",
            groups="aftersales_service.group_aftersales_manager,"
            "stock.group_stock_manager,purchase.group_purchase_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    @classmethod
    def _washer_claims(cls):
        """The washer's past claims: 3 leaks and 1 power failure (a claim
        without a code and a cancelled one do not count): a mix of 3/4
        leak, 1/4 power."""
        cls.unit = cls._warranty(cls.washer, 100, month(-6))
        cls.leaks = cls.env["aftersales.claim"].concat(
            *(
                cls._claim(
                    cls.washer,
                    month(-5 + index, 10),
                    cls.unit,
                    failure_code_ids=[Command.set(cls.code_leak.ids)],
                )
                for index in range(3)
            )
        )
        cls._claim(
            cls.washer,
            month(-2, 12),
            cls.unit,
            failure_code_ids=[Command.set(cls.code_power.ids)],
        )
        cls._claim(cls.washer, month(-2, 14), cls.unit)
        cancelled = cls._claim(
            cls.washer,
            month(-1, 3),
            cls.unit,
            failure_code_ids=[Command.set(cls.code_power.ids)],
        )
        cancelled.action_cancel()

    @contextmanager
    def _claims_ahead(self, claims):
        """The engine's forecast of claims, as given: {product: claims of
        months 1..3}, with 100 units in service each."""
        calls = []

        def _claim_forecast(exposure, domain=(), months=12, method="weibull"):
            calls.append(list(domain))
            company = next(term[2] for term in domain if term[0] == "company_id")
            return {
                (exposure.env["res.company"].browse(company), product): {
                    "units": 100.0,
                    "claims": None if values is None else list(values),
                    "extrapolated": False,
                    "method": False,
                }
                for product, values in claims.items()
            }

        with patch.object(
            self.registry["aftersales.service.exposure"],
            "_claim_forecast",
            _claim_forecast,
            create=True,
        ):
            yield calls

    def _forecast(self, user=None, **values):
        with Form(
            self.env["aftersales.parts.forecast"].with_user(
                user or self.aftersales_user
            )
        ) as form:
            for name, value in values.items():
                if name == "product_ids":
                    form.product_ids.set(value)
                else:
                    setattr(form, name, value)
        forecast = form.record
        action = forecast.action_compute()
        self.assertEqual(action["res_model"], "aftersales.parts.forecast.line")
        return forecast

    def _by_part(self, forecast):
        return {line.part_id: line for line in forecast.line_ids if line.part_id}

    def _repair(self, claim, parts):
        """A done repair of ``claim`` that consumed ``parts``: [(part,
        quantity)]."""
        for part, quantity in parts:
            self.env["stock.quant"]._update_available_quantity(
                part, self.stock_location, quantity
            )
        self.env["stock.quant"]._update_available_quantity(
            claim.product_id, self.stock_location, 1
        )
        repair = self.env["repair.order"].create(
            {
                "product_id": claim.product_id.id,
                "aftersales_claim_id": claim.id,
                "move_ids": [
                    Command.create(
                        {
                            "repair_line_type": "add",
                            "product_id": part.id,
                            "product_uom_qty": quantity,
                        }
                    )
                    for part, quantity in parts
                ],
            }
        )
        repair._action_repair_confirm()
        repair.action_repair_start()
        repair.move_ids.picked = True
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        return repair


@tagged("post_install", "-at_install")
class TestPartsForecast(PartsForecastCommon):
    """The parts from a forecast of claims given by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._washer_claims()

    def test_parts_forecast_against_a_kit(self):
        """Claims ahead 2, 4, 5. Pump: 3/4 x 2 (leak kit) + 1/4 x 1 (the
        washer's power kit) = 1.75 per claim: 3.5, 7, 8.75, 19.25 in all.
        Board: 1/4 x 1 = 0.25 per claim: 0.5, 1, 1.25, 2.75."""
        with self._claims_ahead({self.washer: [2.0, 4.0, 5.0]}) as calls:
            forecast = self._forecast()
        self.assertIn(("company_id", "=", self.company.id), calls[0])
        lines = self._by_part(forecast)
        self.assertEqual(set(lines), {self.pump, self.board})
        pump, board = lines[self.pump], lines[self.board]
        self.assertEqual(
            (pump.qty_month_1, pump.qty_month_2, pump.qty_month_3, pump.qty_total),
            (3.5, 7.0, 8.75, 19.25),
        )
        self.assertEqual(
            (board.qty_month_1, board.qty_month_2, board.qty_month_3, board.qty_total),
            (0.5, 1.0, 1.25, 2.75),
        )
        self.assertEqual((pump.source, board.source), ("kit", "kit"))
        # Stock on hand and incoming in the warehouse, beside.
        self.assertEqual((pump.qty_available, pump.incoming_qty), (4.0, 0.0))
        self.assertEqual((board.qty_available, board.incoming_qty), (0.0, 0.0))
        self.assertEqual(pump.warehouse_id, self.warehouse)
        self.assertEqual(pump.uom_id, self.pump.uom_id)
        self.assertIn("F-LEAK", pump.basis)
        self.assertIn("F-PWR", pump.basis)
        # The pump line comes first (the larger use); no line without a part.
        self.assertEqual(forecast.line_ids[0].part_id, self.pump)
        self.assertFalse(forecast.line_ids.filtered("reason"))

    def test_past_repairs_then_the_kit(self):
        """Two leaks repaired: 4 pumps and 1 pump + 1 gasket, so 2.5 pumps
        and 0.5 gasket per leak. From 2 repairs: pump 3/4 x 2.5 + 1/4 x 1 =
        2.125 per claim (4.25, 8.5, 10.625; 23.375), from past repairs and
        the kit; gasket 3/4 x 0.5 = 0.375 (0.75, 1.5, 1.875; 4.125). From 3
        repairs (the default), the leak kit still rules."""
        self._repair(self.leaks[0], [(self.pump, 4)])
        self._repair(self.leaks[1], [(self.pump, 1), (self.gasket, 1)])
        with self._claims_ahead({self.washer: [2.0, 4.0, 5.0]}):
            forecast = self._forecast(min_repairs=2)
            by_kit = self._forecast()
        lines = self._by_part(forecast)
        pump, gasket, board = lines[self.pump], lines[self.gasket], lines[self.board]
        self.assertEqual(
            (pump.qty_month_1, pump.qty_month_2, pump.qty_month_3, pump.qty_total),
            (4.25, 8.5, 10.63, 23.38),
        )
        self.assertEqual(
            (gasket.qty_month_1, gasket.qty_month_2, gasket.qty_month_3),
            (0.75, 1.5, 1.88),
        )
        self.assertEqual(
            (pump.source, gasket.source, board.source), ("both", "repairs", "kit")
        )
        # The gasket on its way in: 6 incoming.
        self.assertEqual((gasket.qty_available, gasket.incoming_qty), (0.0, 6.0))
        kit_lines = self._by_part(by_kit)
        self.assertEqual(set(kit_lines), {self.pump, self.board})
        self.assertEqual(kit_lines[self.pump].qty_total, 19.25)
        self.assertEqual(kit_lines[self.pump].source, "kit")

    def test_apply_to_reordering_rules(self):
        """The three months' use, rounded up to whole units, becomes the
        minimum: the pump's rule goes from 5 to 20 (and its maximum, 8, up
        to 20), the board gets a rule with 3."""
        orderpoint = self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.pump.id,
                "location_id": self.stock_location.id,
                "product_min_qty": 5,
                "product_max_qty": 8,
            }
        )
        # A part not kept in stock has no rule: it is named, not applied.
        ties = self.env["product.product"].create({"name": "Cable ties (test)"})
        self.env["aftersales.parts.kit"].search(
            [("failure_code_id", "=", self.code_leak.id)]
        ).line_ids = [Command.create({"product_id": ties.id})]
        with self._claims_ahead({self.washer: [2.0, 4.0, 5.0]}):
            forecast = self._forecast(user=self.parts_manager)
        lines = self._by_part(forecast)
        self.assertEqual(lines[ties].qty_total, 8.25)  # 11 x 3/4
        self.assertEqual(lines[self.pump].orderpoint_id, orderpoint)
        self.assertEqual(lines[self.pump].product_min_qty, 5)
        self.assertFalse(lines[self.board].orderpoint_id)
        result = forecast.line_ids.action_apply_orderpoints()
        self.assertEqual(
            result["params"]["message"],
            "Minimums written on 2 reordering rules. Not kept in stock, so "
            f"without a reordering rule: {ties.display_name}.",
        )
        self.assertFalse(lines[ties].orderpoint_id)
        self.assertEqual(
            (orderpoint.product_min_qty, orderpoint.product_max_qty), (20, 20)
        )
        created = lines[self.board].orderpoint_id
        self.assertEqual(
            (created.product_id, created.warehouse_id, created.location_id),
            (self.board, self.warehouse, self.stock_location),
        )
        self.assertEqual(created.product_min_qty, 3)
        self.assertEqual(lines[self.board].product_min_qty, 3)
        # Again: the same rules, no second one.
        forecast.line_ids.action_apply_orderpoints()
        self.assertEqual(
            self.env["stock.warehouse.orderpoint"].search_count(
                [("product_id", "in", (self.pump | self.board).ids)]
            ),
            2,
        )

    def test_order_now(self):
        """Odoo's replenishment raises the board's request for quotation (3
        to the vendor); the pump, without a vendor, is named with Odoo's
        reason and not ordered."""
        with self._claims_ahead({self.washer: [2.0, 4.0, 5.0]}):
            forecast = self._forecast(user=self.parts_manager)
        result = forecast.line_ids.action_order()
        line = self.env["purchase.order.line"].search(
            [("product_id", "=", self.board.id)]
        )
        self.assertEqual(len(line), 1)
        self.assertEqual(line.order_id.partner_id, self.vendor)
        self.assertEqual(line.order_id.state, "draft")
        self.assertEqual(line.product_qty, 3)
        self.assertFalse(
            self.env["purchase.order.line"].search([("product_id", "=", self.pump.id)])
        )
        message = result["params"]["message"]
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn(line.order_id.name, message)
        self.assertIn(f"Not ordered: {self.pump.display_name} (", message)
        self.assertIn("vendor", message)

    def test_access(self):
        with self._claims_ahead({self.washer: [2.0, 4.0, 5.0]}):
            forecast = self._forecast()
            theirs = self._forecast(user=self.user_company_b)
        pump = self._by_part(forecast)[self.pump]
        # The list opens for after-sales users, the costs for managers only.
        action = self.env.ref(
            "aftersales_service.aftersales_parts_forecast_line_action"
        )
        for user, sees_costs in (
            (self.aftersales_user, False),
            (self.aftersales_manager, True),
        ):
            views = (
                self.env["aftersales.parts.forecast.line"]
                .with_user(user)
                .get_views(
                    [(False, "list"), (False, "search")], {"action_id": action.id}
                )
            )
            fields = views["models"]["aftersales.parts.forecast.line"]["fields"]
            self.assertEqual("expected_cost" in fields, sees_costs)
            self.assertIn("qty_total", fields)
        # Costs are a manager's figures; rules a manager's (with the
        # inventory rights) to change.
        with self.assertRaises(AccessError):
            pump.read(["expected_cost"])
        with self.assertRaisesRegex(AccessError, "after-sales managers"):
            forecast.line_ids.action_apply_orderpoints()
        with self._claims_ahead({self.washer: [2.0, 4.0, 5.0]}):
            managers = self._forecast(user=self.aftersales_manager)
        theirs_pump = self._by_part(managers)[self.pump]
        self.assertEqual(theirs_pump.expected_cost, 19.25 * 20.0)
        with self.assertRaisesRegex(AccessError, "Inventory Administrator"):
            theirs_pump.action_apply_orderpoints()
        # One company's figures: company B's forecast asked company B's.
        self.assertEqual(theirs.company_id, self.company_b)
        # Nobody else reads a user's forecast.
        self.assertFalse(
            self.env["aftersales.parts.forecast.line"]
            .with_user(self.user_company_b)
            .search([("id", "in", forecast.line_ids.ids)])
        )
        self.assertFalse(
            self.env["aftersales.parts.forecast.line"]
            .with_user(self.aftersales_manager)
            .search([("id", "in", forecast.line_ids.ids)])
        )

    def test_products_without_figures(self):
        """A product without units in service, one without a coded claim,
        one whose failure has neither a kit nor a repair, one the engine
        has no figure for: a line each, with its reason, no part and no
        figure."""
        dryer = self._product("Dryer (forecast test)")
        self._claim(dryer, month(-1, 5), self._warranty(dryer, 10, month(-3)))
        oven = self._product("Oven (forecast test)")
        noise = self.env["aftersales.failure.code"].create(
            {"code": "F-NOISE", "name": "Noise (test)"}
        )
        self._claim(
            oven,
            month(-1, 5),
            self._warranty(oven, 10, month(-3)),
            failure_code_ids=[Command.set(noise.ids)],
        )
        # The engine has no figure where no age was observed.
        heater = self._product("Heater (forecast test)")
        with self._claims_ahead(
            {dryer: [1.0, 1.0, 1.0], oven: [0.5, 0.5, 0.5], heater: None}
        ):
            forecast = self._forecast(product_ids=self.toaster | dryer | oven | heater)
        self.assertEqual(
            {(line.product_id, line.reason) for line in forecast.line_ids},
            {
                (self.toaster, "no_units"),
                (dryer, "no_claims"),
                (oven, "no_parts"),
                (heater, "no_age"),
            },
        )
        self.assertFalse(forecast.line_ids.part_id)
        self.assertFalse(any(forecast.line_ids.mapped("qty_total")))


@tagged("post_install", "-at_install")
class TestPartsForecastFromTheCurve(PartsForecastCommon):
    """The parts forecast from the engine's own forecast of claims, by hand.

    The washer, as the claim forecast's test: 100 units sold six months ago
    (the 1st) for twelve months, and 9 units sold with them (5 whose six
    months ended two months ago, 4 void today), so 109 units at ages 1 to 6
    with 3, 2, 1, 1, 1, 1 claims (27.52, 18.35, then 9.17 per 1,000), and 0
    at age 7 (this month). Ages 8 to 10 (the three months ahead), at a
    constant rate: (9.17 + 9.17 + 0) / 3 = 6.11 per 1,000, 0.611 claims a
    month for the 100 units still in service. The 3 claims of age 1 are
    leaks, the 6 others power failures: 1/3 leak, 2/3 power. A pump per
    claim: 1/3 x 2 + 2/3 x 1 = 4/3, so 0.611 x 4/3 = 0.8147 a month (0.81),
    2.444 in all (2.44; the rule's minimum 3). A board: 2/3, 0.4073 a month
    (0.41), 1.222 in all (1.22; minimum 2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        units = cls._warranty(cls.washer, 100, month(-6), month(5, -1))
        index = 0
        for age, claims in ((1, 3), (2, 2), (3, 1), (4, 1), (5, 1), (6, 1)):
            for day in range(1, claims + 1):
                code = cls.code_leak if index < 3 else cls.code_power
                cls._claim(
                    cls.washer,
                    month(age - 7, day + 1),
                    units,
                    failure_code_ids=[Command.set(code.ids)],
                )
                index += 1
        cls._warranty(cls.washer, 5, month(-8), month(-3, -1))
        cls._warranty(cls.washer, 4, month(-6), month(5, -1))._void("Test")
        cls.exposure._refresh()

    def test_parts_from_the_claims_ahead(self):
        forecast = self._forecast(user=self.parts_manager, method="constant")
        lines = self._by_part(forecast)
        self.assertEqual(set(lines), {self.pump, self.board})
        pump, board = lines[self.pump], lines[self.board]
        self.assertEqual(
            (pump.qty_month_1, pump.qty_month_2, pump.qty_month_3, pump.qty_total),
            (0.81, 0.81, 0.81, 2.44),
        )
        self.assertEqual(
            (board.qty_month_1, board.qty_month_2, board.qty_month_3, board.qty_total),
            (0.41, 0.41, 0.41, 1.22),
        )
        self.assertTrue(pump.extrapolated)
        self.assertEqual((pump.source, board.source), ("kit", "kit"))
        self.assertEqual(pump.qty_available, 4.0)
        self.assertFalse(forecast.line_ids.filtered("reason"))
        self.assertTrue(forecast.date_refreshed)
        forecast.line_ids.action_apply_orderpoints()
        self.assertEqual(
            (pump.orderpoint_id.product_min_qty, board.orderpoint_id.product_min_qty),
            (3, 2),
        )

    def _add_parts(self, kit, count):
        parts = self.env["product.product"].create(
            [
                {"name": f"Part {len(kit.line_ids)}-{index}", "is_storable": True}
                for index in range(count)
            ]
        )
        kit.line_ids = [Command.create({"product_id": part.id}) for part in parts]

    def _warm(self, run):
        for _warm in range(2):  # the record and the ormcache caches
            run()
            self.env.invalidate_all()

    def test_queries_do_not_grow_with_the_parts(self):
        """The forecast of 10 parts and of 30, the claims' forecast
        included, costs the same queries."""
        kit = self.env["aftersales.parts.kit"].search(
            [("failure_code_id", "=", self.code_leak.id)]
        )
        forecast = self._forecast()
        self._add_parts(kit, 8)
        self._warm(forecast.action_compute)
        before = self.env.cr.sql_log_count
        forecast.action_compute()
        self.env.invalidate_all()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(len(forecast.line_ids), 10)
        self._add_parts(kit, 20)
        self._warm(forecast.action_compute)
        with self.assertQueryCount(queries):
            forecast.action_compute()
            self.env.invalidate_all()
        self.assertEqual(len(forecast.line_ids), 30)

    def test_other_company(self):
        """Company B has no units of its own: its forecast names none of
        company A's parts, and a product of company A has no units for it."""
        theirs = self._forecast(user=self.user_company_b, product_ids=self.washer)
        self.assertEqual(
            [(line.part_id, line.product_id, line.reason) for line in theirs.line_ids],
            [(self.env["product.product"], self.washer, "no_units")],
        )


@tagged("post_install", "-at_install")
class TestPartsForecastUi(PartsForecastCommon, HttpCase):
    def test_manager_applies_the_forecast(self):
        units = self._warranty(self.washer, 100, month(-6), month(5, -1))
        for age in range(1, 4):
            self._claim(
                self.washer,
                month(age - 7, 2),
                units,
                failure_code_ids=[Command.set(self.code_leak.ids)],
            )
        self.exposure._refresh()
        self.start_tour(
            "/odoo/action-aftersales_service.aftersales_service_exposure_action",
            "aftersales_parts_forecast_tour",
            login="as_parts_manager",
        )
        orderpoint = self.env["stock.warehouse.orderpoint"].search(
            [("product_id", "=", self.pump.id)]
        )
        self.assertEqual(orderpoint.warehouse_id, self.warehouse)
        self.assertGreater(orderpoint.product_min_qty, 0)
