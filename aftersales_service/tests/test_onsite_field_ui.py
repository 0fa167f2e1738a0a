# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .onsite_field_common import OnsiteFieldCommon


@tagged("post_install", "-at_install")
class TestTechnicianDayUi(OnsiteFieldCommon, HttpCase):
    browser_size = "390x844"

    def test_technicians_day_on_a_phone(self):
        self.env["stock.quant"]._update_available_quantity(
            self.product_untracked, self.tech.aftersales_van_location_id, 3.0
        )
        self.env["aftersales.visit.checklist.template"].create(
            {
                "name": "Repair checks (test)",
                "visit_type": "repair",
                "line_ids": [
                    (0, 0, {"name": "Pressure", "kind": "reading", "uom": "bar"})
                ],
            }
        )
        unit = self.env["stock.lot"].create(
            {"name": "SN-DAY-1", "product_id": self.product_serial.id}
        )
        today = datetime.combine(fields.Date.today(), time(9))
        earlier = self._visit(
            today - timedelta(days=30), name="VISIT-DAY-0", person=self.tech
        )
        earlier.aftersales_lot_ids = unit
        first = self._visit(
            today + timedelta(hours=3),
            name="VISIT-DAY-1",
            person=self.tech,
            sequence=1,
            aftersales_visit_type="repair",
            aftersales_lot_ids=unit.ids,
        )
        self._visit(today, name="VISIT-DAY-2", person=self.tech, sequence=2)
        self._visit(today + timedelta(hours=6), name="VISIT-DAY-9", person=self.tech_2)
        self.env["aftersales.visit.part"].create(
            {"order_id": first.id, "product_id": self.product_untracked.id}
        )
        self.start_tour(
            "/odoo/action-aftersales_service.fsm_order_action_aftersales_my_day",
            "aftersales_technician_day_tour",
            login="as_tech_1",
        )
        self.assertEqual(first.aftersales_checklist_ids.reading, "1.8")
        self.assertTrue(first.aftersales_checklist_ids.done)
        self.assertEqual(first.aftersales_part_ids.move_id.state, "done")
        self.assertTrue(first.date_start and first.date_end)
        self.assertEqual(first.aftersales_signed_by, "Anna Customer")
        self.assertTrue(first.aftersales_signature)
