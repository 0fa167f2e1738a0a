# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from contextlib import contextmanager
from datetime import datetime

from odoo.tests import new_test_user

from .common import AftersalesWarrantyCommon

# A Monday, far enough ahead for every visit to be in the future.
MONDAY = datetime(2030, 1, 7)


class OnsiteFieldCommon(AftersalesWarrantyCommon):
    """Two technicians with their vans and working hours, a planner, and a
    customer's site to visit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Technicians 8-17 (test)",
                "tz": "UTC",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 8.0,
                            "hour_to": 17.0,
                            "day_period": "morning",
                        },
                    )
                    for day in range(5)
                ],
            }
        )
        cls.planner = new_test_user(
            cls.env,
            login="as_planner",
            groups="aftersales_service.group_aftersales_user,"
            "fieldservice.group_fsm_dispatcher",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.territory = cls.env["res.territory"].create({"name": "North (test)"})
        cls.territory_south = cls.env["res.territory"].create({"name": "South (test)"})
        cls.tech_user, cls.tech = cls._technician("as_tech_1", "Ivan Technician")
        cls.tech_user_2, cls.tech_2 = cls._technician("as_tech_2", "Olga Technician")
        cls.site = cls.env["fsm.location"].create(
            {
                "name": "Customer site (test)",
                "owner_id": cls.customer.id,
                "territory_id": cls.territory.id,
            }
        )

    @contextmanager
    def assertRefused(self, exception, text):
        """``exception`` raised with ``text`` in its message, and what the
        block wrote rolled back (``assertRaises`` holds a savepoint)."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))
        self.env.invalidate_all()

    @classmethod
    def _technician(cls, login, name):
        user = new_test_user(
            cls.env,
            login=login,
            name=name,
            groups="fieldservice.group_fsm_user_own",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        van = cls.env["stock.location"].create(
            {
                "name": f"Van {login}",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
                "company_id": cls.company.id,
            }
        )
        person = cls.env["fsm.person"].create(
            {
                "partner_id": user.partner_id.id,
                "calendar_id": cls.calendar.id,
                "territory_ids": [(6, 0, cls.territory.ids)],
                "aftersales_van_location_id": van.id,
            }
        )
        return user, person

    @classmethod
    def _visit(cls, start=None, hours=2.0, person=None, **vals):
        """A visit of the customer's site, planned at ``start``."""
        values = {"location_id": cls.site.id, **vals}
        if person:
            values["person_id"] = person.id
        if start:
            values["scheduled_date_start"] = start
            values["scheduled_duration"] = hours
        return cls.env["fsm.order"].create(values)
