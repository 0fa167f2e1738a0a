# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .onsite_field_common import MONDAY, OnsiteFieldCommon

NINE = MONDAY.replace(hour=9)

# What the planning list reads (fsm_order_view_list_aftersales_planning).
PLANNING_SPEC = {
    "scheduled_date_start": {},
    "scheduled_date_end": {},
    "sequence": {},
    "person_id": {"fields": {"display_name": {}}},
    "name": {},
    "aftersales_visit_type": {},
    "location_id": {"fields": {"display_name": {}}},
    "territory_id": {"fields": {"display_name": {}}},
    "team_id": {"fields": {"display_name": {}}},
    "stage_id": {"fields": {"display_name": {}}},
    "aftersales_conflict": {},
    "aftersales_is_open": {},
    "aftersales_conflict_note": {},
}


@tagged("post_install", "-at_install")
class TestOnsitePlanning(OnsiteFieldCommon):
    def test_assigning_a_busy_technician_is_refused(self):
        booked = self._visit(NINE, person=self.tech)
        free = self._visit(NINE + timedelta(hours=1))
        with self.assertRefused(ValidationError, "already booked at this time"):
            free.with_user(self.planner).write({"person_id": self.tech.id})
        self.assertFalse(free.person_id, "nothing written")
        visits = self.env["fsm.order"].search_count([])
        with self.assertRefused(ValidationError, booked.name):
            self._visit(NINE + timedelta(hours=1), person=self.tech)
        self.assertEqual(self.env["fsm.order"].search_count([]), visits)
        # Another technician, or the same one later, is fine.
        free.with_user(self.planner).person_id = self.tech_2
        self.assertFalse(free.aftersales_conflict)
        later = self._visit(NINE + timedelta(hours=2), person=self.tech)
        self.assertFalse(later.aftersales_conflict or booked.aftersales_conflict)

    def test_rescheduling_onto_a_busy_time_shows_the_conflict(self):
        first = self._visit(NINE, person=self.tech)
        second = self._visit(NINE + timedelta(hours=4), person=self.tech)
        self.assertFalse(first.aftersales_conflict or second.aftersales_conflict)
        # What the calendar writes when the planner drags the visit.
        second.with_user(self.planner).write(
            {
                "scheduled_date_start": NINE + timedelta(hours=1),
                "scheduled_date_end": NINE + timedelta(hours=3),
            }
        )
        self.assertEqual(second.scheduled_duration, 2.0)
        self.assertTrue(second.aftersales_conflict)
        self.assertIn(first.name, second.aftersales_conflict_note)
        self.assertTrue(first.aftersales_conflict, "the other visit shows it too")
        self.assertIn(second.name, first.aftersales_conflict_note)
        conflicts = self.env["fsm.order"].search([("aftersales_conflict", "=", True)])
        self.assertEqual(conflicts, first | second)
        self.assertEqual(first.aftersales_planning_color, 1)
        second.with_user(self.planner).write(
            {
                "scheduled_date_start": NINE + timedelta(hours=5),
                "scheduled_date_end": NINE + timedelta(hours=6),
            }
        )
        self.assertFalse(first.aftersales_conflict or second.aftersales_conflict)
        self.assertFalse(first.aftersales_conflict_note)

    def test_cancelled_visit_frees_the_time(self):
        first = self._visit(NINE, person=self.tech)
        second = self._visit(NINE + timedelta(hours=4), person=self.tech)
        second.write(
            {
                "scheduled_date_start": NINE + timedelta(hours=1),
                "scheduled_date_end": NINE + timedelta(hours=2),
            }
        )
        self.assertTrue(first.aftersales_conflict)
        second.action_cancel()
        self.assertFalse(second.aftersales_is_open)
        self.assertFalse(first.aftersales_conflict)

    def test_outside_working_hours(self):
        evening = self._visit(MONDAY.replace(hour=16), person=self.tech)
        self.assertTrue(evening.aftersales_conflict)
        self.assertIn("Outside working hours", evening.aftersales_conflict_note)
        saturday = self._visit(NINE + timedelta(days=5), person=self.tech)
        self.assertIn("Outside working hours", saturday.aftersales_conflict_note)
        inside = self._visit(MONDAY.replace(hour=14), person=self.tech)
        self.assertFalse(inside.aftersales_conflict)
        # The technician's own schedule decides: a night shift makes it fit.
        night = self.calendar.copy({"name": "Night (test)"})
        night.attendance_ids.write({"hour_from": 12.0, "hour_to": 23.0})
        self.tech.calendar_id = night
        self.assertFalse(evening.aftersales_conflict)
        self.assertTrue(saturday.aftersales_conflict)

    def test_territory_and_skills(self):
        skill = self.env["fsm.category"].create({"name": "Gas boilers (test)"})
        south = self.env["fsm.location"].create(
            {
                "name": "South site (test)",
                "owner_id": self.customer.id,
                "territory_id": self.territory_south.id,
            }
        )
        visit = self._visit(
            NINE, person=self.tech, location_id=south.id, category_ids=skill.ids
        )
        self.assertIn("territories", visit.aftersales_conflict_note)
        self.assertIn("Skills missing", visit.aftersales_conflict_note)
        self.tech.write(
            {
                "territory_ids": [(4, self.territory_south.id)],
                "category_ids": [(4, skill.id)],
            }
        )
        self.assertFalse(visit.aftersales_conflict)

    def test_planner_opens_the_planning(self):
        action = self.env.ref("aftersales_service.fsm_order_action_aftersales_planning")
        views = (
            self.env["fsm.order"]
            .with_user(self.planner)
            .get_views(
                [(view.view_id.id, view.view_mode) for view in action.view_ids]
                + [(action.search_view_id.id, "search")]
            )
        )
        calendar = views["views"]["calendar"]["arch"]
        self.assertIn('date_stop="scheduled_date_end"', calendar)
        self.assertIn("aftersales_conflict", views["views"]["list"]["arch"])
        self.assertIn('name="conflict"', views["views"]["search"]["arch"])

    def test_planning_list_queries_do_not_grow_with_the_visits(self):
        orders = self.env["fsm.order"].with_user(self.planner)
        week = [
            ("scheduled_date_start", ">=", MONDAY),
            ("scheduled_date_start", "<", MONDAY + timedelta(days=7)),
        ]
        for day in range(5):
            self._visit(NINE + timedelta(days=day), person=self.tech)
        orders.web_search_read(week, PLANNING_SPEC, limit=80)  # rules, caches
        self.env.invalidate_all()
        with self.assertQueryCount(9):
            result = orders.web_search_read(week, PLANNING_SPEC, limit=80)
        self.assertEqual(result["length"], 5)
        for day in range(5):
            for hour in range(1, 4):
                self._visit(
                    NINE + timedelta(days=day, hours=2 * hour),
                    hours=1,
                    person=self.tech,
                )
            self._visit(NINE + timedelta(days=day), person=self.tech_2)
        self.env.invalidate_all()
        with self.assertQueryCount(9):
            result = orders.web_search_read(week, PLANNING_SPEC, limit=80)
        self.assertEqual(result["length"], 25)
