# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AftersalesWarrantyCommon

# The smallest valid PNG: one transparent pixel.
SIGNATURE = base64.b64encode(
    base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
    )
)


class OnsiteCommon(AftersalesWarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy_commissioning = cls.env["aftersales.warranty.policy"].create(
            {
                "name": "Boiler 24 months from commissioning",
                "duration": 24,
                "duration_unit": "month",
                "start_trigger": "commissioning",
            }
        )
        cls.boiler = cls.env["product.product"].create(
            {
                "name": "Boiler (test)",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.category.id,
                "warranty_policy_id": cls.policy_commissioning.id,
                "aftersales_needs_commissioning": True,
                "list_price": 900.0,
            }
        )
        cls.installation = cls.env["product.product"].create(
            {
                "name": "Installation (test)",
                "type": "service",
                "aftersales_service_kind": "installation",
                "list_price": 100.0,
            }
        )
        cls.site = cls.env["res.partner"].create(
            {
                "name": "Country house (test)",
                "type": "delivery",
                "parent_id": cls.customer.id,
                "street": "Lesnaya 1",
                "city": "Tver",
                "country_id": cls.env.ref("base.ru").id,
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other customer (test)", "country_id": cls.env.ref("base.ru").id}
        )
        cls.visits = cls.env["fsm.order"]

    def _sell_to_site(self, lines, partner=None, site=None):
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "partner_shipping_id": (site or self.site).id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
            }
        )
        order.action_confirm()
        return order

    def _delivered_boilers(self, serials, **kwargs):
        self._stock(self.boiler, serials=serials)
        order = self._sell_to_site([(self.boiler, len(serials))], **kwargs)
        self._deliver(order.picking_ids)
        return order

    def _complete(self, visit, report="<p>Pressure 1.5 bar, flue checked.</p>"):
        visit.resolution = report
        visit.action_complete()


@tagged("post_install", "-at_install")
class TestSaleToVisit(OnsiteCommon):
    def test_delivery_creates_one_commissioning_visit(self):
        order = self._delivered_boilers(["SN-B1", "SN-B2"])
        visit = order.aftersales_fsm_order_ids
        self.assertEqual(len(visit), 1, "one visit per delivery")
        self.assertEqual(visit.aftersales_visit_type, "commissioning")
        self.assertEqual(visit.aftersales_picking_id, order.picking_ids)
        self.assertEqual(
            sorted(visit.aftersales_lot_ids.mapped("name")), ["SN-B1", "SN-B2"]
        )
        self.assertEqual(visit.equipment_ids.lot_id, visit.aftersales_lot_ids)
        self.assertEqual(visit.aftersales_lot_ids.fsm_equipment_id, visit.equipment_ids)
        self.assertEqual(visit.location_id.shipping_address_id, self.site)
        self.assertEqual(visit.location_id.owner_id, self.customer)
        self.assertEqual(visit.location_id.city, "Tver")
        self.assertEqual(visit.company_id, self.company)
        # Sales staff see the visit on the order.
        order_as_salesman = order.with_user(self.salesman)
        self.assertEqual(order_as_salesman.aftersales_fsm_order_count, 1)
        self.assertEqual(order_as_salesman.aftersales_fsm_order_summary, "New: 1")
        visit.action_complete()
        order.invalidate_recordset()
        self.assertEqual(order_as_salesman.aftersales_fsm_order_summary, "Completed: 1")

    def test_site_and_equipment_reused(self):
        first = self._delivered_boilers(["SN-B3"])
        second = self._delivered_boilers(["SN-B4"])
        self.assertEqual(
            first.aftersales_fsm_order_ids.location_id,
            second.aftersales_fsm_order_ids.location_id,
        )
        self.assertEqual(
            self.env["fsm.location"].search_count(
                [("shipping_address_id", "=", self.site.id)]
            ),
            1,
        )

    def test_installation_service_on_the_order(self):
        self._stock(self.product_serial, serials=["SN-W1"])
        order = self._sell_to_site([(self.product_serial, 1), (self.installation, 1)])
        self._deliver(order.picking_ids)
        visit = order.aftersales_fsm_order_ids
        self.assertEqual(visit.aftersales_lot_ids.name, "SN-W1")

    def test_no_visit_without_commissioning(self):
        self._stock(self.product_serial, serials=["SN-W2"])
        order = self._sell_to_site([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        self.assertFalse(order.aftersales_fsm_order_ids)
        self.assertFalse(
            self.visits.search([("aftersales_lot_ids.name", "=", "SN-W2")])
        )

    def test_visit_of_another_company_gets_a_stage_and_team(self):
        # fieldservice's stages and teams belong to the first company.
        defaults = self.visits._prepare_aftersales_defaults(
            self.company_b, self.env["fsm.location"]
        )
        self.assertTrue(defaults["stage_id"])
        self.assertTrue(defaults["team_id"])

    def test_sale_order_stat_button(self):
        order = self._delivered_boilers(["SN-B5"])
        action = order.with_user(self.salesman).action_view_aftersales_fsm_orders()
        self.assertEqual(action["res_model"], "fsm.order")
        self.assertEqual(action["res_id"], order.aftersales_fsm_order_ids.id)


@tagged("post_install", "-at_install")
class TestWarrantyOnCommissioning(OnsiteCommon):
    def test_warranty_waits_for_the_commissioning(self):
        order = self._delivered_boilers(["SN-C1"])
        warranty = self._warranties(order)
        today = fields.Date.context_today(warranty)
        self.assertTrue(warranty.awaiting_commissioning)
        self.assertEqual(warranty.state, "upcoming")
        self.assertEqual(warranty.legal_profile_id, self.profile_ru)
        self.assertEqual(
            warranty.date_commissioning_due,
            today + timedelta(days=self.profile_ru.commissioning_fallback_days),
        )
        # The expiry cron leaves it waiting.
        self.env["aftersales.warranty"]._cron_expire()
        self.assertEqual(warranty.state, "upcoming")
        # Covered meanwhile: a claim is in warranty.
        self.assertEqual(warranty._coverage_on(today), "in_warranty")

        visit = order.aftersales_fsm_order_ids.with_user(self.aftersales_user)
        visit.aftersales_commissioned_on = today
        self._complete(visit)
        self.assertTrue(visit.is_closed)
        self.assertFalse(warranty.awaiting_commissioning)
        self.assertEqual(warranty.state, "active")
        self.assertEqual(warranty.date_start, today)
        self.assertEqual(warranty.date_commissioned, today)
        self.assertEqual(
            warranty.date_end, self.policy_commissioning._get_end_date(today)
        )

    def test_commissioned_later_starts_later(self):
        order = self._delivered_boilers(["SN-C2"])
        warranty = self._warranties(order)
        # Delivered ten days ago, commissioned three days ago.
        delivered = fields.Date.context_today(warranty) - timedelta(days=10)
        order.picking_ids.move_ids.move_line_ids.date = fields.Datetime.to_datetime(
            delivered
        )
        commissioned = delivered + timedelta(days=7)
        visit = order.aftersales_fsm_order_ids
        visit.aftersales_commissioned_on = commissioned
        self._complete(visit)
        self.assertEqual(warranty.date_start, commissioned)
        self.assertEqual(
            warranty.date_end, self.policy_commissioning._get_end_date(commissioned)
        )

    def test_commissioning_before_the_delivery_refused(self):
        order = self._delivered_boilers(["SN-C3"])
        visit = order.aftersales_fsm_order_ids
        today = fields.Date.context_today(visit)
        with self.assertRaises(ValidationError):
            visit.aftersales_commissioned_on = today - timedelta(days=1)
            visit.flush_recordset()
        with self.assertRaises(ValidationError):
            visit.aftersales_commissioned_on = today + timedelta(days=1)
            visit.flush_recordset()

    def test_legal_fallback_when_never_booked(self):
        waiting = self._delivered_boilers(["SN-F1"])
        booked = self._delivered_boilers(["SN-F2"])
        warranty, booked_warranty = self._warranties(waiting), self._warranties(booked)
        due = fields.Date.context_today(warranty) - timedelta(days=1)
        (warranty | booked_warranty).write({"date_commissioning_due": due})
        booked.aftersales_fsm_order_ids.scheduled_date_start = fields.Datetime.now()
        self.env["aftersales.warranty"]._cron_commissioning_fallback()
        self.assertFalse(warranty.awaiting_commissioning)
        self.assertEqual(warranty.date_start, due)
        self.assertFalse(warranty.date_commissioned)
        self.assertEqual(warranty.state, "active")
        # The customer booked the visit: the warranty waits for it.
        self.assertTrue(booked_warranty.awaiting_commissioning)
        self.assertEqual(booked_warranty.state, "upcoming")

    def test_fallback_in_batches_with_constant_queries(self):
        def waiting(serials):
            warranties = self._warranties(self._delivered_boilers(serials))
            warranties.write(
                {
                    "date_commissioning_due": fields.Date.context_today(warranties)
                    - timedelta(days=1)
                }
            )
            self.env.flush_all()
            return warranties

        warranties_model = self.env["aftersales.warranty"]

        def queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            warranties_model._cron_commissioning_fallback()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        few = waiting(["SN-Q1", "SN-Q2"])
        few_queries = queries()
        self.assertFalse(any(few.mapped("awaiting_commissioning")))
        many = waiting([f"SN-Q{n}" for n in range(3, 13)])
        self.assertLessEqual(queries(), few_queries, "queries grow with the units")
        self.assertFalse(any(many.mapped("awaiting_commissioning")))
        # Batches: the cron does at most batch_size per call.
        more = waiting(["SN-Q13", "SN-Q14", "SN-Q15"])
        self.assertEqual(warranties_model._cron_commissioning_fallback(batch_size=2), 2)
        self.assertEqual(warranties_model._cron_commissioning_fallback(batch_size=2), 1)
        self.assertFalse(any(more.mapped("awaiting_commissioning")))

    def test_profile_without_fallback_waits(self):
        self.profile_ru.commissioning_fallback_days = 0
        warranty = self._warranties(self._delivered_boilers(["SN-F3"]))
        self.assertTrue(warranty.awaiting_commissioning)
        self.assertFalse(warranty.date_commissioning_due)
        self.env["aftersales.warranty"]._cron_commissioning_fallback()
        self.assertTrue(warranty.awaiting_commissioning)


@tagged("post_install", "-at_install")
class TestOnsiteClaim(OnsiteCommon):
    def _warranty_unit(self, serial):
        self._stock(self.product_serial, serials=[serial])
        order = self._sell_to_site([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        return self._warranties(order)

    def test_onsite_claim_with_revisit_and_deadline(self):
        warranty = self._warranty_unit("SN-R1")
        claims = self.env["aftersales.claim"].with_user(self.aftersales_user)
        workshop = claims.create({"serial": "SN-R1", "symptom": "Leaks"})
        workshop.action_receive()
        workshop.action_cancel()
        claim = claims.create(
            {"serial": "SN-R1", "symptom": "Leaks", "handling": "onsite"}
        )
        claim.action_aftersales_create_visit()
        visit = claim.fsm_order_ids
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.aftersales_visit_type, "repair")
        self.assertEqual(visit.aftersales_lot_ids, warranty.lot_id)
        self.assertEqual(visit.location_id.shipping_address_id, self.site)
        # Received on the spot: no transfer, the legal deadline as in the
        # workshop (RU: 45 days from the reception).
        self.assertEqual(claim.state, "received")
        self.assertFalse(claim.picking_ids)
        self.assertTrue(claim.date_received)
        self.assertEqual(claim.date_deadline, workshop.date_deadline)
        self.assertEqual(
            claim.date_deadline,
            fields.Date.context_today(claim, claim.date_received)
            + timedelta(days=self.profile_ru.repair_days),
        )
        # Under warranty: nothing charged.
        self.assertEqual(visit.aftersales_coverage, "in_warranty")
        self.assertEqual(visit.aftersales_parts_covered, 100)
        self.assertEqual(visit.aftersales_labour_covered, 100)
        self.assertFalse(visit.aftersales_customer_charged)

        # No report, no completion.
        with self.assertRaises(UserError):
            visit.action_complete()
        self.assertFalse(visit.is_closed)
        action = visit.action_aftersales_revisit()
        revisit = self.visits.browse(action["res_id"])
        self.assertEqual(revisit.aftersales_revisit_of_id, visit)
        self.assertEqual(revisit.aftersales_claim_id, claim)
        self.assertEqual(revisit.aftersales_lot_ids, visit.aftersales_lot_ids)
        self.assertEqual(claim.fsm_order_count, 2)
        self._complete(visit, "<p>Pump ordered.</p>")
        self.assertEqual(claim.state, "received", "the revisit is still open")
        self._complete(revisit, "<p>Pump replaced, no leak.</p>")
        self.assertEqual(claim.state, "done")
        self.assertEqual(claim.resolution, "repaired")
        self.assertTrue(claim.date_returned)
        self.assertFalse(claim.picking_ids)
        # A closed claim gets no more visits.
        with self.assertRaises(UserError):
            revisit.action_aftersales_revisit()

    def test_out_of_warranty_is_charged(self):
        warranty = self._warranty_unit("SN-R2")
        warranty.sudo().action_void()
        claim = self.env["aftersales.claim"].create(
            {"serial": "SN-R2", "handling": "onsite", "symptom": "Noise"}
        )
        claim.action_aftersales_create_visit()
        self.assertEqual(claim.fsm_order_ids.aftersales_coverage, "void")
        self.assertEqual(claim.fsm_order_ids.aftersales_parts_covered, 0)
        self.assertTrue(claim.fsm_order_ids.aftersales_customer_charged)


@tagged("post_install", "-at_install")
class TestOnsiteBadInput(OnsiteCommon):
    def test_visit_for_a_unit_of_another_customer(self):
        order = self._delivered_boilers(["SN-X1"])
        lot = order.aftersales_fsm_order_ids.aftersales_lot_ids
        other_site = self.env["fsm.location"].create(
            {"name": "Other site (test)", "owner_id": self.other_customer.id}
        )
        visits = self.visits.with_user(self.aftersales_user)
        with self.assertRaises(ValidationError) as refusal:
            visits.create(
                {
                    "aftersales_visit_type": "repair",
                    "location_id": other_site.id,
                    "aftersales_lot_ids": [Command.set(lot.ids)],
                }
            )
        self.assertIn("belongs to", str(refusal.exception))
        self.assertFalse(self.visits.search([("location_id", "=", other_site.id)]))

    def test_commissioning_a_unit_never_delivered(self):
        lot = self._stock(self.boiler, serials=["SN-X2"])
        site = self.env["fsm.location"].create(
            {"name": "Site (test)", "owner_id": self.customer.id}
        )
        with self.assertRaises(ValidationError) as refusal:
            self.visits.with_user(self.aftersales_user).create(
                {
                    "aftersales_visit_type": "commissioning",
                    "location_id": site.id,
                    "aftersales_lot_ids": [Command.set(lot.ids)],
                }
            )
        self.assertIn("never delivered", str(refusal.exception))
        self.assertFalse(self.visits.search([("aftersales_lot_ids", "in", lot.ids)]))

    def test_signing_twice(self):
        order = self._delivered_boilers(["SN-X3"])
        visit = order.aftersales_fsm_order_ids.with_user(self.aftersales_user)
        visit.action_aftersales_sign(SIGNATURE, "Anna Petrova")
        self.assertEqual(visit.aftersales_signed_by, "Anna Petrova")
        signed_on = visit.aftersales_signed_on
        self.assertTrue(signed_on)
        with self.assertRaisesRegex(UserError, "already signed"):
            visit.action_aftersales_sign(SIGNATURE, "Somebody Else")
        self.assertEqual(visit.aftersales_signed_by, "Anna Petrova")
        self.assertEqual(visit.aftersales_signed_on, signed_on)
        with self.assertRaises(UserError):
            visit.write({"aftersales_signed_by": "Forged"})
        with self.assertRaises(UserError):
            order.aftersales_fsm_order_ids.action_aftersales_sign(False, "Nobody")

    def test_refusals_are_translated(self):
        self._load_russian()
        order = self._delivered_boilers(["SN-X4"])
        visit = order.aftersales_fsm_order_ids
        visit.action_aftersales_sign(SIGNATURE, "Anna")
        with self.assertRaisesRegex(UserError, "уже подписан"):
            visit.with_context(lang="ru_RU").action_aftersales_sign(SIGNATURE, "B")


@tagged("post_install", "-at_install")
class TestOnsiteAccess(OnsiteCommon):
    def test_user_manager_and_other_company(self):
        order = self._delivered_boilers(["SN-A1"])
        visit = order.aftersales_fsm_order_ids
        site = visit.location_id
        # A plain after-sales user reads, plans and completes visits.
        as_user = visit.with_user(self.aftersales_user)
        self.assertEqual(as_user.aftersales_visit_type, "commissioning")
        as_user.scheduled_date_start = fields.Datetime.now()
        callout = self.visits.with_user(self.aftersales_user).create(
            {"aftersales_visit_type": "callout", "location_id": site.id}
        )
        with self.assertRaises(AccessError):
            callout.unlink()
        # The manager deletes a visit not started.
        callout.with_user(self.aftersales_manager).unlink()
        self.assertFalse(callout.exists())
        # Another company's user sees nothing of company A's visits.
        as_b = self.visits.with_user(self.user_company_b)
        self.assertFalse(as_b.search([("id", "=", visit.id)]))
        with self.assertRaises(AccessError):
            visit.with_user(self.user_company_b).read(["name"])
        with self.assertRaises(AccessError):
            as_b.with_company(self.company_b).create(
                {
                    "aftersales_visit_type": "callout",
                    "location_id": site.id,
                    "company_id": self.company.id,
                    "stage_id": visit.stage_id.id,
                    "team_id": visit.team_id.id,
                }
            )
        # An employee without after-sales rights reads no visits.
        with self.assertRaises(AccessError):
            visit.with_user(self.employee).read(["name"])


@tagged("post_install", "-at_install")
class TestOnsitePortal(OnsiteCommon, HttpCase):
    def test_customer_sees_the_visit_on_the_warranty_page(self):
        order = self._delivered_boilers(["SN-P1"])
        warranty = self._warranties(order)
        visit = order.aftersales_fsm_order_ids
        visit.scheduled_date_start = fields.Datetime.now()
        self.customer.email = "anna@example.com"
        new_test_user(
            self.env,
            login="as_portal_onsite",
            password="as_portal_onsite",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        other = new_test_user(
            self.env,
            login="as_portal_onsite_b",
            password="as_portal_onsite_b",
            groups="base.group_portal",
        )
        self.authenticate("as_portal_onsite", "as_portal_onsite")
        page = self.url_open(f"/my/warranties/{warranty.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("aftersales_warranty_visits", page.text)
        self.assertIn(visit.name, page.text)
        self.assertIn("aftersales_warranty_awaiting_commissioning", page.text)
        # Another customer does not see the page.
        self.authenticate(other.login, "as_portal_onsite_b")
        page = self.url_open(f"/my/warranties/{warranty.id}")
        self.assertEqual(page.status_code, 404)
        self.assertNotIn(visit.name, page.text)
