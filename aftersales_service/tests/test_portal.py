# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from ..controllers import portal as portal_controller
from ..controllers import warranty_check as check_controller
from .common import AftersalesWarrantyCommon

# The smallest valid PNG: one transparent pixel.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


class PortalCommon(AftersalesWarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "anna@example.com"
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Boris (test)", "email": "boris@example.com"}
        )
        cls.portal_a = new_test_user(
            cls.env,
            login="as_portal_a",
            password="as_portal_a",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.portal_b = new_test_user(
            cls.env,
            login="as_portal_b",
            password="as_portal_b",
            groups="base.group_portal",
            partner_id=cls.customer_b.id,
        )
        cls.manager_user = new_test_user(
            cls.env,
            login="as_after_sales_boss",
            groups="aftersales_service.group_aftersales_manager",
        )
        cls.company.aftersales_manager_id = cls.manager_user

    def _unit(self, serial, partner=None):
        """Sell and deliver one unit; its warranty."""
        self._stock(self.product_serial, serials=[serial])
        order = self._sell([(self.product_serial, 1)], partner=partner)
        self._deliver(order.picking_ids)
        return self._warranties(order)

    def _claim(self, serial, **values):
        return self.env["aftersales.claim"].create({"serial": serial, **values})

    def _repaired_and_returned(self, serial):
        """A unit sold, claimed, repaired and given back: its claim."""
        self._unit(serial)
        claim = self._claim(serial)
        claim.action_receive()
        claim.action_start_diagnosis()
        claim.action_create_repair()
        repair = claim.repair_ids
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        claim.action_ready()
        claim.action_return()
        return claim

    def _mails_to(self, partner, claims):
        return self.env["mail.message"].search(
            [
                ("model", "=", "aftersales.claim"),
                ("res_id", "in", claims.ids),
                ("partner_ids", "in", partner.ids),
                ("message_type", "!=", "user_notification"),
            ]
        )


@tagged("post_install", "-at_install")
class TestPortalPages(PortalCommon, HttpCase):
    def test_lists_details_and_isolation(self):
        mine = self._unit("SN-PA1")
        theirs = self._unit("SN-PB1", partner=self.customer_b)
        my_claim = self._claim("SN-PA1")
        their_claim = self._claim("SN-PB1")
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open("/my/warranties")
        self.assertEqual(page.status_code, 200)
        self.assertIn("SN-PA1", page.text)
        self.assertNotIn("SN-PB1", page.text)
        page = self.url_open("/my/claims")
        self.assertIn(my_claim.name, page.text)
        self.assertNotIn(their_claim.name, page.text)
        page = self.url_open(f"/my/claims/{my_claim.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("SN-PA1", page.text)
        self.assertIn(my_claim.name, page.text)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["aftersales_warranty_count", "aftersales_claim_count"]},
        )
        self.assertEqual(
            counters, {"aftersales_warranty_count": 1, "aftersales_claim_count": 1}
        )
        # Another customer's records, by id or with the wrong token: nothing.
        for url in (
            f"/my/warranties/{theirs.id}",
            f"/my/claims/{their_claim.id}",
            f"/my/claims/{their_claim.id}?access_token={my_claim._portal_ensure_token()}",
            f"/my/claims/{their_claim.id + 100000}",
        ):
            with self.subTest(url=url):
                page = self.url_open(url)
                self.assertEqual(page.status_code, 404)
                self.assertNotIn("Boris", page.text)
                self.assertNotIn("SN-PB1", page.text)
        # The e-mailed link (with its token) opens its own record only.
        self.logout()
        token = their_claim._portal_ensure_token()
        page = self.url_open(f"/my/claims/{their_claim.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(their_claim.name, page.text)
        page = self.url_open(f"/my/claims/{my_claim.id}?access_token={token}")
        self.assertEqual(page.status_code, 404)
        self.assertTrue(mine)

    def _submit(self, files=None, **values):
        data = {
            "csrf_token": Request.csrf_token(self),
            "claim_type": "repair",
            "symptom": "The drum is noisy",
            **values,
        }
        return self.url_open("/my/claims/submit", data=data, files=files or {})

    def test_open_a_claim_from_the_portal(self):
        self.company.aftersales_portal_ticket = True
        mine = self._unit("SN-PA2")
        theirs = self._unit("SN-PB2", partner=self.customer_b)
        self.authenticate("as_portal_a", "as_portal_a")
        form = self.url_open("/my/claims/new")
        self.assertIn("SN-PA2", form.text)
        self.assertNotIn("SN-PB2", form.text)
        claims = self.env["aftersales.claim"]
        # Someone else's unit, a file of the wrong type, too big, too many.
        refused = [
            ({"warranty_id": theirs.id}, None, "Choose one of your registered units"),
            (
                {"warranty_id": mine.id},
                {"attachments": ("notes.png", b"just text", "image/png")},
                "is not a photo",
            ),
            (
                {"warranty_id": mine.id},
                {
                    "attachments": (
                        "huge.png",
                        PNG + b"0" * portal_controller.UPLOAD_MAX_BYTES,
                        "image/png",
                    )
                },
                "is larger than",
            ),
            ({"warranty_id": mine.id, "symptom": " "}, None, "Describe what is wrong"),
        ]
        for values, files, message in refused:
            with self.subTest(message=message):
                page = self._submit(files=files, **values)
                self.assertIn(message, page.text)
                self.assertFalse(
                    claims.search([("serial", "in", ("SN-PA2", "SN-PB2"))])
                )
        too_many = [
            ("attachments", (f"p{i}.png", PNG, "image/png"))
            for i in range(portal_controller.UPLOAD_MAX_FILES + 1)
        ]
        page = self._submit(files=too_many, warranty_id=mine.id)
        self.assertIn("Attach at most", page.text)
        page = self._submit(
            files={"attachments": ("door.png", PNG, "image/png")},
            warranty_id=mine.id,
            loaner="1",
        )
        claim = claims.search([("serial", "=", "SN-PA2")])
        self.assertIn(f"/my/claims/{claim.id}", page.url, page.text[-3000:])
        self.assertEqual(claim.partner_id, self.customer)
        self.assertEqual(claim.warranty_id, mine)
        self.assertEqual(claim.symptom, "The drum is noisy")
        self.assertTrue(claim.loaner_requested)
        self.assertEqual(claim.date_loaner_requested, fields.Date.today())
        self.assertEqual(claim.ticket_id.partner_id, self.customer)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "aftersales.claim"), ("res_id", "=", claim.id)]
        )
        self.assertEqual(attachment.mimetype, "image/png")
        # Acknowledged by e-mail, once.
        acknowledgement = self._mails_to(self.customer, claim).filtered(
            lambda m: "We received your claim" in (m.subject or "")
        )
        self.assertEqual(len(acknowledgement), 1)

    def test_public_warranty_check(self):
        self._unit("SN-PQ1")
        page = self.url_open("/warranty/check?serial=SN-PQ1")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.product_serial.name, page.text)
        self.assertIn("Active", page.text)
        self.assertNotIn(self.customer.name, page.text)
        self.assertNotIn("anna@example.com", page.text)
        page = self.url_open("/warranty/check?serial=SN-NOBODY")
        self.assertIn("We know no product with this serial number", page.text)
        # Its owner lands on the warranty's own page.
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open("/warranty/check?serial=SN-PQ1")
        self.assertIn("/my/warranties/", page.url)
        self.logout()
        # A fresh budget: the visitor's earlier checks forgotten.
        self.env["aftersales.rate.limit"].sudo().search([]).unlink()
        statuses = [
            self.url_open(f"/warranty/check?serial=SN-X{i}").status_code
            for i in range(check_controller.CHECK_LIMIT + 1)
        ]
        self.assertEqual(statuses[:-1], [200] * check_controller.CHECK_LIMIT)
        self.assertEqual(statuses[-1], 429)

    def test_quotation_accepted_and_signed_on_the_portal(self):
        self._unit("SN-PS1")
        claim = self._claim("SN-PS1")
        claim.action_receive()
        claim.action_create_repair()
        repair = claim.repair_ids
        repair.under_warranty = False
        service = self.env["product.product"].create(
            {"name": "Diagnosis and repair (test)", "type": "service", "list_price": 80}
        )
        repair.action_create_sale_order()
        order = repair.sale_order_id
        self.env["sale.order.line"].create(
            {"order_id": order.id, "product_id": service.id, "product_uom_qty": 1}
        )
        order.require_signature = True
        repair.action_aftersales_send_quotation()
        self.assertEqual(order.state, "sent")
        mail = self._mails_to(self.customer, claim).filtered(
            lambda m: "Repair quotation" in (m.subject or "")
        )
        self.assertIn(order.get_portal_url(), str(mail.body))
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {
                "access_token": order._portal_ensure_token(),
                "name": "Anna",
                "signature": base64.b64encode(PNG).decode(),
            },
        )
        self.assertTrue(result.get("force_refresh"))
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.signed_by, "Anna")

    def test_customer_journey_tour(self):
        self._unit("SN-TOUR-P1")
        self.start_tour("/my", "aftersales_portal_tour", login="as_portal_a")
        claim = self.env["aftersales.claim"].search([("serial", "=", "SN-TOUR-P1")])
        self.assertEqual(claim.partner_id, self.customer)
        self.assertIn("leaks", claim.symptom)


@tagged("post_install", "-at_install")
class TestNotifications(PortalCommon):
    def _subjects(self, claim):
        return self._mails_to(self.customer, claim).mapped("subject")

    def _whole_flow(self, suffix):
        """A claim repaired and returned, and one rejected: their claims."""
        claim = self._repaired_and_returned(f"SN-N1{suffix}")
        self._unit(f"SN-N2{suffix}")
        rejected = self._claim(f"SN-N2{suffix}")
        wizard = self.env["aftersales.claim.reject"].create(
            {"claim_ids": [Command.set(rejected.ids)], "reason": "Misuse"}
        )
        wizard.action_reject()
        return claim, rejected

    def test_followers_choose_the_steps_they_hear_of(self):
        """Each customer-facing step is posted with its own subtype: a staff
        follower who chose "Claim Ready" alone hears of that step only, one
        with the defaults of every step, and the customer, who hears of them
        by the notification e-mails, gets none of these internal posts."""
        users = [
            new_test_user(
                self.env,
                login=login,
                email=f"{login}@example.com",
                groups="aftersales_service.group_aftersales_user",
                notification_type="email",
            )
            for login in ("as_ready_only", "as_every_step")
        ]
        ready_only, every_step = (user.partner_id for user in users)
        subtypes = {
            state: self.env.ref(f"aftersales_service.mt_claim_{state}")
            for state in ("received", "ready", "done", "rejected")
        }
        # The tests' environment turns tracking off: on again, as for users.
        self.env = self.env(
            context=dict(self.env.context, tracking_disable=False, mail_notrack=False)
        )
        self._unit("SN-ST1")
        claim = self._claim("SN-ST1")
        claim.message_subscribe(ready_only.ids, subtype_ids=subtypes["ready"].ids)
        claim.message_subscribe(every_step.ids)
        self.env.cr.precommit.run()
        steps = (
            claim.action_receive,
            claim.action_start_diagnosis,
            claim.action_create_repair,
            lambda: claim.repair_ids.action_validate(),
            lambda: claim.repair_ids.action_repair_start(),
            lambda: claim.repair_ids.action_repair_end(),
            claim.action_ready,
            claim.action_return,
        )
        for step in steps:
            step()
            # Each step's tracking is posted on its own, as by a request each.
            self.env.flush_all()
            self.env.cr.precommit.run()

        def heard(state):
            posts = claim.message_ids.filtered(
                lambda m: m.subtype_id == subtypes[state]
            )
            self.assertEqual(len(posts), 1, state)
            return posts.notified_partner_ids

        # The customer follows the claim, and is told by the e-mails alone.
        self.assertIn(self.customer, claim.message_partner_ids)
        self.assertEqual(heard("received"), every_step)
        self.assertEqual(heard("ready"), ready_only | every_step)
        self.assertEqual(heard("done"), every_step)
        self._unit("SN-ST2")
        rejected = self._claim("SN-ST2")
        rejected.message_subscribe(every_step.ids)
        self.env.cr.precommit.run()
        self.env["aftersales.claim.reject"].create(
            {"claim_ids": [Command.set(rejected.ids)], "reason": "Misuse"}
        ).action_reject()
        self.env.flush_all()
        self.env.cr.precommit.run()
        posts = rejected.message_ids.filtered(
            lambda m: m.subtype_id == subtypes["rejected"]
        )
        self.assertEqual(posts.notified_partner_ids, every_step)

    def test_every_step_tells_the_customer(self):
        claim, rejected = self._whole_flow("EN")
        subjects = self._subjects(claim)
        for expected in (
            f"We received your claim {claim.name}",
            "arrived at our workshop",
            "is ready",
            f"Your claim {claim.name} is resolved",
            f"How did we handle your claim {claim.name}?",
        ):
            self.assertTrue(
                any(expected in subject for subject in subjects), (expected, subjects)
            )
        mail = self._mails_to(self.customer, rejected).filtered(
            lambda m: "Our answer" in (m.subject or "")
        )
        self.assertIn("Misuse", str(mail.body))

    def test_every_email_in_the_customer_language(self):
        self._load_russian()
        self.customer.lang = "ru_RU"
        claim, rejected = self._whole_flow("RU")
        messages = self._mails_to(self.customer, claim | rejected).filtered("subject")
        self.assertEqual(len(messages), 7)
        for message in messages:
            self.assertRegex(message.subject, "[\\u0400-\\u04ff]", message.subject)
            self.assertRegex(
                str(message.body), "Здравствуйте|обращени", message.subject
            )

    def test_batch_tells_each_customer_only_of_their_claim(self):
        self._unit("SN-N6")
        self._unit("SN-N7", partner=self.customer_b)
        claims = self.env["aftersales.claim"].create(
            [{"serial": "SN-N6"}, {"serial": "SN-N7"}]
        )
        anna, boris = claims
        self.assertEqual(anna.message_partner_ids, self.customer)
        self.assertEqual(boris.message_partner_ids, self.customer_b)
        self.assertFalse(self._mails_to(self.customer_b, anna))
        self.assertFalse(self._mails_to(self.customer, boris))

    def test_batch_emails_wait_in_the_queue(self):
        """Claims received together: their e-mails are queued for the mail
        cron, which is asked to run now, instead of being sent one by one in
        the request; one claim's e-mail goes out at once."""
        cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        for serial in ("SN-Q1", "SN-Q2", "SN-Q3"):
            self._unit(serial)
        claims = self.env["aftersales.claim"].create(
            [{"serial": serial} for serial in ("SN-Q1", "SN-Q2", "SN-Q3")]
        )
        mails = self.env["mail.mail"].search(
            [("model", "=", "aftersales.claim"), ("res_id", "in", claims.ids)]
        )
        self.assertEqual(len(mails), 3)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            len(triggers),
        )
        self._unit("SN-Q4")
        alone = self._claim("SN-Q4")
        self.assertFalse(
            self.env["mail.mail"].search(
                [
                    ("model", "=", "aftersales.claim"),
                    ("res_id", "=", alone.id),
                    ("state", "=", "outgoing"),
                ]
            )
        )
        self.assertTrue(self._subjects(alone))

    def test_notification_turned_off_and_in_russian(self):
        self.company.aftersales_notify_received = False
        self._unit("SN-N3")
        claim = self._claim("SN-N3")
        self.assertFalse(self._subjects(claim))
        self.company.aftersales_notify_received = True
        self._load_russian()
        self.customer.lang = "ru_RU"
        self._unit("SN-N4")
        claim = self._claim("SN-N4")
        self.assertIn("Мы получили ваше обращение", self._subjects(claim)[0])

    def test_ticket_and_claim_do_not_double_the_emails(self):
        self._unit("SN-N5")
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Noise",
                "description": "<p>Noise</p>",
                "partner_id": self.customer.id,
                "aftersales_serial": "SN-N5",
            }
        )
        ticket.action_create_aftersales_claim()
        claim = ticket.aftersales_claim_ids
        claim.action_receive()
        ticket_mails = self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("partner_ids", "in", self.customer.ids),
                ("create_date", ">=", claim.create_date),
            ]
        )
        self.assertFalse(ticket_mails, "the ticket e-mails nothing more")
        notes = ticket.message_ids.filtered(
            lambda m: claim.name in str(m.body) and m.subtype_id.internal
        )
        self.assertEqual(len(notes), 2)  # claim received, item received
        self.assertEqual(len(self._subjects(claim)), 2)


@tagged("post_install", "-at_install")
class TestFeedback(PortalCommon):
    def test_low_rating_escalates(self):
        self._unit("SN-R1")
        claim = self._claim("SN-R1", claim_type="consultation")
        claim.action_receive()
        claim.action_done()
        token = claim._rating_get_access_token()
        claim.rating_apply(2, token=token, feedback="Took too long")
        self.assertTrue(claim.needs_attention)
        self.assertEqual(claim.priority, "1")
        activity = claim.activity_ids.filtered(lambda a: a.summary == "Needs attention")
        self.assertEqual(activity.user_id, self.manager_user)
        self.assertIn("Took too long", str(activity.note))
        # Explaining the rating again escalates nothing more.
        claim.rating_apply(1, token=token)
        self.assertEqual(
            len(claim.activity_ids.filtered(lambda a: a.summary == "Needs attention")),
            1,
        )
        self.assertIn(
            claim,
            self.env["aftersales.claim"].search([("needs_attention", "=", True)]),
        )

    def test_good_rating_does_not(self):
        self._unit("SN-R2")
        claim = self._claim("SN-R2", claim_type="consultation")
        claim.action_receive()
        claim.action_done()
        claim.rating_apply(5, token=claim._rating_get_access_token())
        self.assertFalse(claim.needs_attention)

    def test_same_unit_claimed_again_within_30_days(self):
        self._unit("SN-R3")
        first = self._claim("SN-R3", claim_type="consultation")
        first.action_receive()
        first.action_done()
        second = self._claim("SN-R3")
        self.assertTrue(second.needs_attention)
        self.assertFalse(first.needs_attention)
        self._unit("SN-R4")
        old = self._claim("SN-R4", claim_type="consultation")
        old.action_receive()
        old.action_done()
        with freeze_time(fields.Datetime.now() + timedelta(days=31)):
            later = self._claim("SN-R4")
        self.assertFalse(later.needs_attention)
