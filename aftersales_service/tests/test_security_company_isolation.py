# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import AftersalesRpcMixin
from .test_dealer import DealerCommon

# A field each model's records can be written with.
WRITABLE = {
    "aftersales.parts.kit": {"name": "Stolen"},
    "aftersales.parts.kit.line": {"quantity": 99},
    "aftersales.dealer.contract.operation": {"hours": 99},
    "aftersales.dealer.claim.operation": {"hours": 99},
    "aftersales.dealer.claim.part": {"serial": "STOLEN"},
    "aftersales.dealer.contract": {"labour_rate": 999},
    "aftersales.dealer.claim": {"note": "Stolen"},
    "aftersales.claim": {"symptom": "Stolen"},
    "aftersales.warranty": {"serial": "STOLEN"},
    "aftersales.loan": {"date_due": fields.Date.today() + timedelta(days=99)},
    "aftersales.supplier.claim": {"quantity": 99},
    "aftersales.withdrawal.proposal": {"date_to": fields.Date.today()},
    "aftersales.labour.operation": {"hours": 99},
}


@tagged("post_install", "-at_install")
class TestCompanyIsolation(DealerCommon, AftersalesRpcMixin, HttpCase):
    """A user of company B reads and writes nothing of company A, by RPC
    and through the ORM, on every model with company data."""

    def setUp(self):
        super().setUp()
        self.user_company_b.password = "as_user_b"
        self.claim = self._company_a_claim()
        dealer_claim = self._company_a_dealer_claim(self.claim)
        lot = self.env["stock.lot"].create(
            {
                "name": "SN-CI-LOANER",
                "product_id": self.product_serial.id,
                "company_id": self.company.id,
                "aftersales_loaner": True,
            }
        )
        self.env["stock.quant"]._update_available_quantity(
            self.product_serial,
            self.warehouse._aftersales_loaner_location(),
            1.0,
            lot_id=lot,
        )
        loan = self.env["aftersales.loan"].create(
            {
                "lot_id": lot.id,
                "partner_id": self.customer.id,
                "date_due": fields.Date.today(),
            }
        )
        code = self.env["aftersales.failure.code"].create(
            {"code": "T-CI", "name": "Isolation (test)"}
        )
        kit = self.env["aftersales.parts.kit"].create(
            {
                "name": "Kit of A",
                "failure_code_id": code.id,
                "company_id": self.company.id,
                "line_ids": [Command.create({"product_id": self.pump.id})],
            }
        )
        supplier_claim = self.env["aftersales.supplier.claim"].create(
            {"product_id": self.product_serial.id}
        )
        proposal = self.env["aftersales.withdrawal.proposal"].create(
            {
                "product_id": self.product_serial.id,
                "date_from": fields.Date.today() - timedelta(days=30),
                "date_to": fields.Date.today(),
            }
        )
        operation = self.env["aftersales.labour.operation"].create(
            {"code": "T-CI", "name": "A's own (test)", "company_id": self.company.id}
        )
        self.env["aftersales.claim.analysis"]._refresh()
        analysis = self.env["aftersales.claim.analysis"].search(
            [("company_id", "=", self.company.id)]
        )
        self.records = {
            "aftersales.warranty": self.claim.warranty_id,
            "aftersales.claim": self.claim,
            "aftersales.dealer.contract": self.contract,
            "aftersales.dealer.contract.operation": self.contract.operation_line_ids,
            "aftersales.dealer.claim": dealer_claim,
            "aftersales.dealer.claim.operation": dealer_claim.operation_line_ids,
            "aftersales.dealer.claim.part": dealer_claim.part_line_ids,
            "aftersales.loan": loan,
            "aftersales.parts.kit": kit,
            "aftersales.parts.kit.line": kit.line_ids,
            "aftersales.supplier.claim": supplier_claim,
            "aftersales.withdrawal.proposal": proposal,
            "aftersales.labour.operation": operation,
            "aftersales.claim.analysis": analysis,
        }
        for model, records in self.records.items():
            self.assertTrue(records, model)
            if "company_id" in records._fields:
                self.assertEqual(records.company_id, self.company, model)

    def _company_a_claim(self):
        self._stock(self.product_serial, serials=["SN-CI1"])
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        return self.env["aftersales.claim"].create(
            {"serial": "SN-CI1", "dealer_id": self.dealer.id}
        )

    def _company_a_dealer_claim(self, claim):
        return self.env["aftersales.dealer.claim"].create(
            {
                "claim_id": claim.id,
                "partner_id": self.dealer.id,
                "operation_line_ids": [
                    Command.create({"operation_id": self.op_pump.id})
                ],
                "part_line_ids": [
                    Command.create(
                        {"product_id": self.pump.id, "serial": "P-1", "quantity": 1}
                    )
                ],
            }
        )

    def _snapshot(self, model, records):
        names = [name for name in WRITABLE.get(model, {}) if name in records._fields]
        return records.exists().read(names) if names else len(records.exists())

    def test_orm_reads_and_writes_nothing_of_another_company(self):
        for model, records in self.records.items():
            with self.subTest(model=model):
                before = self._snapshot(model, records)
                as_b = self.env[model].with_user(self.user_company_b)
                self.assertFalse(as_b.search([("id", "in", records.ids)]))
                self.assertFalse(
                    as_b.read_group([("id", "in", records.ids)], [], [])[0]["__count"]
                )
                with self.assertRaises(AccessError):
                    as_b.browse(records.ids).read(["display_name"])
                if model in WRITABLE:
                    with self.assertRaises(AccessError):
                        as_b.browse(records.ids).write(WRITABLE[model])
                    with self.assertRaises(AccessError):
                        as_b.browse(records.ids).unlink()
                self.env.invalidate_all()
                self.assertEqual(self._snapshot(model, records), before)

    def test_rpc_reads_and_writes_nothing_of_another_company(self):
        self.authenticate("as_user_b", "as_user_b")
        for model, records in self.records.items():
            with self.subTest(model=model):
                before = self._snapshot(model, records)
                domain = [("id", "in", records.ids)]
                self.assertFalse(
                    self.call_kw(model, "search_read", domain, fields=["id"])
                )
                groups = self.call_kw(model, "read_group", domain, [], [], lazy=False)
                self.assertFalse(groups and groups[0]["__count"])
                self.assertIn(
                    "AccessError",
                    self.assertRpcRefused(model, "read", records.ids, ["id"]),
                )
                if model in WRITABLE:
                    values = {
                        k: fields.Date.to_string(v) if hasattr(v, "isoformat") else v
                        for k, v in WRITABLE[model].items()
                    }
                    self.assertIn(
                        "AccessError",
                        self.assertRpcRefused(model, "write", records.ids, values),
                    )
                    self.assertIn(
                        "AccessError",
                        self.assertRpcRefused(model, "unlink", records.ids),
                    )
                self.env.invalidate_all()
                self.assertEqual(self._snapshot(model, records), before)
