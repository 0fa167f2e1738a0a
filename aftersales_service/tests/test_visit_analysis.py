# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import freeze_time, tagged

from .common import AftersalesWarrantyCommon

MEASURES = [
    "visit_count:sum",
    "claim_count:sum",
    "first_time_fix_count:sum",
    "first_time_fix_rate:sum",
    "visits_per_claim:sum",
    "hours_on_site:sum",
    "commissioning_count:sum",
    "early_claim_count:sum",
    "early_claim_rate:sum",
]


@tagged("post_install", "-at_install")
class TestVisitAnalysis(AftersalesWarrantyCommon):
    """A hand-computed example.

    Technician 1: claim 1 fixed at its only visit (2 h); claim 2's first
    visit (1 h). Technician 2: claim 2's second visit (3 h); claim 3's only
    visit (0.5 h, for the dealer), still open; two commissionings, one of a
    unit claimed 10 days later (claim 1), one of a unit claimed 40 days
    later (claim 2). A cancelled visit of claim 3 counts nowhere.

    All: 3 claims with visits, 1 fixed the first time (33.33 %), 4 claim
    visits (1.33 per claim), 6.5 h on site, 2 commissionings of which 1 is
    followed by a claim within 30 days (50 %). Technician 1: 2 claims, 1
    fixed (50 %), 1 visit per claim, 3 h. Technician 2: 1 claim, none fixed
    (0 %), 2 visits per claim, 3.5 h, 1 early claim. The dealer: 1 claim, 0 %,
    1 early claim (it commissioned the unit of claim 1)."""

    def setUp(self):
        super().setUp()
        cls = self
        persons = cls.env["fsm.person"]
        cls.tech_1 = persons.create({"name": "Technician 1 (test)"})
        cls.tech_2 = persons.create({"name": "Technician 2 (test)"})
        cls.dealer = cls.env["res.partner"].create(
            {"name": "Dealer on site (test)", "is_company": True}
        )
        cls.site = cls.env["fsm.location"].create(
            {"name": "Analysis site (test)", "owner_id": cls.customer.id}
        )
        today = fields.Date.today()
        lots = cls._stock(cls.product_serial, ["SN-VA-1", "SN-VA-2", "SN-VA-3"])
        with freeze_time(today - timedelta(days=40)):
            self._deliver(self._sell([(self.product_serial, 3)]).picking_ids)
        start = datetime.combine(today - timedelta(days=1), datetime.min.time())

        def visit(claim, person, hours, visit_type="repair", dealer=None, lot=None):
            return cls.env["fsm.order"].create(
                {
                    "location_id": cls.site.id,
                    "aftersales_visit_type": visit_type,
                    "aftersales_claim_id": claim.id if claim else False,
                    "aftersales_lot_ids": [(6, 0, (lot or claim.lot_id).ids)],
                    "aftersales_dealer_id": dealer.id if dealer else False,
                    "person_id": person.id,
                    "date_start": start if hours else False,
                    "date_end": start + timedelta(hours=hours) if hours else False,
                    "resolution": "<p>Repaired on site</p>",
                }
            )

        # Unit 1 commissioned 10 days before its claim, unit 2 40 days before.
        commissioning = {"visit_type": "commissioning", "hours": 0}
        with freeze_time(today - timedelta(days=40)):
            late = visit(None, cls.tech_2, lot=lots[1], **commissioning)
            late.action_complete()
        with freeze_time(today - timedelta(days=10)):
            early = visit(
                None, cls.tech_2, dealer=cls.dealer, lot=lots[0], **commissioning
            )
            early.action_complete()
        claims = cls.env["aftersales.claim"]
        cls.claim_1, cls.claim_2, cls.claim_3 = (
            claims.create(
                {"serial": lot.name, "date_claim": today, "handling": "onsite"}
            )
            for lot in lots
        )
        first_fix = visit(cls.claim_1, cls.tech_1, 2)
        first_of_2 = visit(cls.claim_2, cls.tech_1, 1)
        second_of_2 = visit(cls.claim_2, cls.tech_2, 3)
        # Claim 3's visit is not done yet; another one was cancelled.
        open_of_3 = visit(cls.claim_3, cls.tech_2, 0.5, dealer=cls.dealer)
        cancelled = visit(cls.claim_3, cls.tech_1, 5)
        cancelled.action_cancel()
        # Completing the last open visit of a claim closes it.
        for done in (first_fix, first_of_2, second_of_2):
            done.action_complete()
        self.assertEqual(cls.claim_1.state, "done")
        self.assertEqual(cls.claim_2.state, "done")
        self.assertNotEqual(cls.claim_3.state, "done")
        cls.visits = (
            first_fix | first_of_2 | second_of_2 | open_of_3 | early | late | cancelled
        )

    def _figures(self, groupby=()):
        analysis = self.env["aftersales.visit.analysis"].with_user(self.aftersales_user)
        groups = analysis._read_group(
            [("fsm_order_id", "in", self.visits.ids)], list(groupby), MEASURES
        )
        return {
            tuple(group[: len(groupby)]): dict(
                zip(MEASURES, group[len(groupby) :], strict=True)
            )
            for group in groups
        }

    def _assert(self, figures, expected):
        for measure, value in expected.items():
            self.assertAlmostEqual(figures[f"{measure}:sum"], value, 2, measure)

    def test_totals(self):
        self._assert(
            self._figures()[()],
            {
                "visit_count": 6,
                "claim_count": 3,
                "first_time_fix_count": 1,
                "first_time_fix_rate": 33.33,
                "visits_per_claim": 1.33,
                "hours_on_site": 6.5,
                "commissioning_count": 2,
                "early_claim_count": 1,
                "early_claim_rate": 50.0,
            },
        )

    def test_per_technician_and_dealer(self):
        per_person = self._figures(["person_id"])
        self._assert(
            per_person[(self.tech_1,)],
            {
                "claim_count": 2,
                "first_time_fix_rate": 50.0,
                "visits_per_claim": 1.0,
                "hours_on_site": 3.0,
                "early_claim_count": 0,
            },
        )
        self._assert(
            per_person[(self.tech_2,)],
            {
                "claim_count": 1,
                "first_time_fix_rate": 0.0,
                "visits_per_claim": 2.0,
                "hours_on_site": 3.5,
                "early_claim_count": 1,
                "early_claim_rate": 50.0,
            },
        )
        per_dealer = self._figures(["dealer_id"])
        self._assert(
            per_dealer[(self.dealer,)],
            {
                "claim_count": 1,
                "first_time_fix_rate": 0.0,
                "early_claim_count": 1,
                "early_claim_rate": 100.0,
            },
        )

    def test_other_company_sees_nothing(self):
        analysis = self.env["aftersales.visit.analysis"].with_user(self.user_company_b)
        self.assertFalse(analysis.search([("fsm_order_id", "in", self.visits.ids)]))
