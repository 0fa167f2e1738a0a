# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import AftersalesRpcMixin
from .test_parts import PartsCommon

COSTS = ("cost", "warranty_cost")
MODEL = "aftersales.parts.consumption"


@tagged("post_install", "-at_install")
class TestPlainUserPartsCosts(PartsCommon, AftersalesRpcMixin, HttpCase):
    """The parts consumption report keeps its costs for managers, as the
    claim analysis does."""

    def setUp(self):
        super().setUp()
        self.aftersales_user.password = "as_user"
        self.aftersales_manager.password = "as_manager"
        product = self.product_untracked
        self._put(product, self.stock_location, 2)
        self._put(self.pump, self.stock_location, 2)
        self.repairs = self.env["repair.order"].create(
            [
                {
                    "product_id": product.id,
                    "move_ids": [
                        Command.create(
                            {
                                "repair_line_type": "add",
                                "product_id": self.pump.id,
                                "product_uom_qty": 1,
                            }
                        )
                    ],
                }
                for _i in range(2)
            ]
        )
        self.repairs._action_repair_confirm()
        self.repairs.action_repair_start()
        self.repairs.move_ids.picked = True
        self.repairs.action_repair_end()
        self.env.flush_all()
        self.domain = [("repair_id", "in", self.repairs.ids)]

    def test_orm(self):
        rows = self.env[MODEL].with_user(self.aftersales_user)
        self.assertEqual(len(rows.search(self.domain)), 2)
        for name in COSTS:
            with self.subTest(field=name):
                with self.assertRaises(AccessError):
                    rows.read_group(self.domain, [f"{name}:sum"], ["part_id"])
                with self.assertRaises(AccessError):
                    rows.search_read(self.domain, [name])
                with self.assertRaises(AccessError):
                    rows.search(self.domain).read([name])
        self.assertFalse(set(COSTS) & set(rows.search_read(self.domain)[0]))
        self.assertFalse(set(COSTS) & set(rows.fields_get()))
        arch = rows.get_views([(False, "list"), (False, "pivot"), (False, "graph")])
        for view in arch["views"].values():
            self.assertNotIn('name="cost"', view["arch"])
            self.assertNotIn('name="warranty_cost"', view["arch"])
        # The manager keeps them: 2 pumps at 20.
        managed = self.env[MODEL].with_user(self.aftersales_manager)
        groups = managed.read_group(self.domain, ["cost:sum"], [])
        self.assertEqual(groups[0]["cost"], 40.0)

    def test_rpc(self):
        self.authenticate("as_user", "as_user")
        for name in COSTS:
            with self.subTest(field=name):
                for method, args, kwargs in (
                    ("read_group", [self.domain, [f"{name}:sum"], []], {}),
                    ("search_read", [self.domain], {"fields": [name]}),
                    ("read", [self.env[MODEL].search(self.domain).ids, [name]], {}),
                ):
                    self.assertIn(
                        "AccessError",
                        self.assertRpcRefused(MODEL, method, *args, **kwargs),
                    )
        rows = self.call_kw(MODEL, "search_read", self.domain)
        self.assertEqual(len(rows), 2)
        self.assertFalse(set(COSTS) & set(rows[0]))
        self.authenticate("as_manager", "as_manager")
        groups = self.call_kw(MODEL, "read_group", self.domain, ["cost:sum"], [])
        self.assertEqual(groups[0]["cost"], 40.0)
