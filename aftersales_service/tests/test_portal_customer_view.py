# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from markupsafe import escape

from odoo import Command, fields
from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import format_date

from .test_portal import PNG, PortalCommon


class CustomerViewCommon(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.email = "service@example.com"
        cls.law = cls.profile_ru.law_reference

    def _long(self, day):
        return format_date(self.env, day, date_format="long")

    def _conversation(self, claim, token=None):
        """The messages of the claim's conversation on the portal, as the
        visitor of the test sees them."""
        params = {"thread_model": claim._name, "thread_id": claim.id}
        if token:
            params["token"] = token
        result = self.make_jsonrpc_request("/mail/chatter_fetch", params)
        return result["data"]["mail.message"]

    def _reject(self, claim, reason="Misuse"):
        self.env["aftersales.claim.reject"].create(
            {"claim_ids": [Command.set(claim.ids)], "reason": reason}
        ).action_reject()

    def _late(self, claim, days_ago=50):
        """Receive the claim ``days_ago`` days back."""
        claim.action_receive()
        claim.sudo().date_received = fields.Datetime.now() - timedelta(days=days_ago)
        self.assertTrue(claim.is_late)


@tagged("post_install", "-at_install")
class TestPortalClaimPage(CustomerViewCommon, HttpCase):
    def test_sent_claim_confirmed_with_next_step_photo_and_messages(self):
        unit = self._unit("SN-CV1")
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open(
            "/my/claims/submit",
            data={
                "csrf_token": Request.csrf_token(self),
                "warranty_id": unit.id,
                "claim_type": "repair",
                "symptom": "The drum is noisy",
                "loaner": "1",
            },
            files={"attachments": ("door.png", PNG, "image/png")},
        )
        claim = self.env["aftersales.claim"].search([("serial", "=", "SN-CV1")])
        self.assertIn(f"/my/claims/{claim.id}", page.url)
        self.assertIn("submitted=1", page.url)
        # The confirmation, what happens next and by when, in words.
        self.assertIn(f"Thank you: we registered your claim {claim.name}.", page.text)
        self.assertIn("Next step: bring or send your unit to us.", page.text)
        self.assertIn(
            "From the day we receive it, we have 45 days to repair it", page.text
        )
        self.assertIn(
            f"You asked for a loaner on {self._long(fields.Date.today())}: we "
            f"will hand it over by {self._long(claim.date_loaner_due)} (3 days, ",
            page.text,
        )
        self.assertNotIn("Loaner Due By", page.text)
        # Coming back later: no confirmation any more, the outlook stays.
        again = self.url_open(f"/my/claims/{claim.id}")
        self.assertNotIn("Thank you: we registered", again.text)
        self.assertIn("What happens next", again.text)
        # The photo, listed on the page and downloadable by its owner.
        self.assertIn("door.png", page.text)
        link = page.text.split('id="aftersales_claim_uploads"')[1].split('href="')[1]
        photo = self.url_open(link.split('"')[0].replace("&amp;", "&"))
        self.assertEqual(photo.status_code, 200)
        self.assertEqual(photo.content, PNG)
        # The conversation holds the acknowledgement sent by e-mail, from the
        # company, and the customer's own message with the photo.
        messages = self._conversation(claim, token=claim.access_token)
        bodies = " ".join(message["body"] for message in messages)
        self.assertIn("We have registered your claim", bodies)
        self.assertIn("Opened by the customer on the portal.", bodies)
        photos = [
            attachment["name"]
            for message in messages
            for attachment in message["attachment_ids"]
        ]
        self.assertEqual(photos, ["door.png"])
        acknowledgement = claim.message_ids.filtered(
            lambda m: "We received your claim" in (m.subject or "")
        )
        self.assertEqual(acknowledgement.author_id, self.company.partner_id)
        self.assertEqual(acknowledgement.email_from, self.company.email_formatted)
        self.assertEqual(acknowledgement.message_type, "auto_comment")
        self.assertFalse(acknowledgement.is_internal)
        # Without the token too (the customer logged in).
        self.assertEqual(
            sorted(m["id"] for m in self._conversation(claim)),
            sorted(m["id"] for m in messages),
        )
        # Telling the customer subscribed no one else to the claim.
        self.assertNotIn(self.company.partner_id, claim.message_partner_ids)

    def test_every_notification_reaches_the_conversation(self):
        claim = self._repaired_and_returned("SN-CV2")
        self._unit("SN-CV3")
        rejected = self._claim("SN-CV3")
        self._reject(rejected, "Damage from a fall")
        self.authenticate("as_portal_a", "as_portal_a")
        bodies = " ".join(m["body"] for m in self._conversation(claim))
        for sentence in (
            "We have registered your claim",
            "arrived at our workshop",
            "is repaired and ready",
            "is resolved",
            # The rating request, with the customer's own links.
            "How satisfied are you with our service?",
        ):
            self.assertIn(sentence, bodies)
        bodies = " ".join(m["body"] for m in self._conversation(rejected))
        self.assertIn("we cannot accept it", bodies)
        self.assertIn("Damage from a fall", bodies)
        # Internal notes stay internal.
        self.assertNotIn("Rejected: Damage from a fall", bodies)
        # Another customer reads none of it.
        self.authenticate("as_portal_b", "as_portal_b")
        self.assertEqual(self._conversation(claim), [])

    def test_passed_deadline_says_what_the_law_gives(self):
        # Delivered a month ago, claimed with a loaner request ten days ago.
        self._unit("SN-CV4").date_start = fields.Date.today() - timedelta(days=30)
        claim = self._claim(
            "SN-CV4",
            date_claim=fields.Date.today() - timedelta(days=10),
            loaner_requested=True,
            date_loaner_requested=fields.Date.today() - timedelta(days=10),
        )
        self._late(claim)
        self.assertEqual(claim.legal_profile_id, self.profile_ru)
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open(f"/my/claims/{claim.id}").text
        late = page.split('id="aftersales_claim_late"')[1].split("</div>")[0]
        self.assertIn(
            f"The deadline passed on {self._long(claim.date_deadline)}, "
            f"{claim.days_late} days ago",
            late,
        )
        self.assertIn(
            f"The loaner was due on {self._long(claim.date_loaner_due)}", late
        )
        self.assertIn("gives you a penalty of 1% of the price of the goods", late)
        # No promise of a day that has passed.
        self.assertNotIn("We will repair your unit by", page)
        # The list flags it too.
        page = self.url_open("/my/claims").text
        self.assertIn("Late", page.split(claim.name)[1].split("</tr>")[0])
        # A law without a daily penalty promises none.
        claim.sudo().legal_profile_id = self.profile_eu
        page = self.url_open(f"/my/claims/{claim.id}").text
        late = page.split('id="aftersales_claim_late"')[1].split("</div>")[0]
        self.assertIn("The deadline passed on", late)
        self.assertNotIn("penalty", late)

    def test_deadline_in_words_once_received_and_for_money(self):
        self._unit("SN-CV5")
        claim = self._claim("SN-CV5")
        claim.action_receive()
        self._unit("SN-CV6")
        refund = self._claim("SN-CV6", claim_type="refund")
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open(f"/my/claims/{claim.id}").text
        self.assertIn(
            escape(
                f"We will repair your unit by {self._long(claim.date_deadline)} "
                f"(45 days, {self.law})."
            ),
            page,
        )
        self.assertNotIn('id="aftersales_claim_late"', page)
        page = self.url_open(f"/my/claims/{refund.id}").text
        self.assertIn(
            f"We will answer your request by {self._long(refund.date_deadline)} "
            f"(10 days, ",
            page,
        )

    def test_rejected_claim_shows_the_steps_it_went_through(self):
        self._unit("SN-CV7")
        on_arrival = self._claim("SN-CV7")
        self._reject(on_arrival)
        self.assertEqual(
            on_arrival._portal_steps(),
            [("New", True, False), ("Rejected", True, True)],
        )
        self._unit("SN-CV8")
        checked = self._claim("SN-CV8")
        checked.action_receive()
        checked.action_start_diagnosis()
        self._reject(checked)
        self.assertEqual(
            checked._portal_steps(),
            [("New", True, False), ("Received", True, False), ("Rejected", True, True)],
        )
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open(f"/my/claims/{on_arrival.id}").text
        steps = page.split('id="aftersales_claim_steps"')[1].split("</ol>")[0]
        self.assertIn("Rejected", steps)
        for skipped in ("Received", "In Repair", "Ready", "Done"):
            self.assertNotIn(skipped, steps)
        # An open claim still shows the way ahead, not as passed.
        self._unit("SN-CV9")
        open_claim = self._claim("SN-CV9")
        self.assertEqual(
            [step[1] for step in open_claim._portal_steps()],
            [True, False, False, False, False, False],
        )


@tagged("post_install", "-at_install")
class TestPortalWarrantyLayers(CustomerViewCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy_24.card_note = "<p>Free repair of manufacturing defects.</p>"

    def _units_with_extension(self, serials):
        """Sell and deliver one unit per serial, each with an extended
        warranty: their layers."""
        self._stock(self.product_serial, serials=serials)
        order = self._sell(
            [
                (self.product_serial, len(serials)),
                (self.product_extension, len(serials), 0),
            ]
        )
        self._deliver(order.picking_ids)
        return self._warranties(order)

    def test_one_row_per_unit_with_its_coverage_today(self):
        layers = self._units_with_extension(["SN-UL1", "SN-UL2", "SN-UL3"])
        extensions = layers.filtered("parent_id")
        self.assertEqual(len(layers), 6)
        self.assertEqual(len(extensions), 3)
        self.assertTrue(
            all(w.date_start > fields.Date.today() for w in extensions),
            "the extensions start when the maker's warranty ends",
        )
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open("/my/warranties").text
        rows = page.split('class="o_aftersales_unit"')[1:]
        self.assertEqual(len(rows), 3, "one row per unit, not per layer")
        base = layers - extensions
        for row in rows:
            row = row.split("</tr>")[0]
            unit = next(w for w in base if w.serial in row)
            extension = extensions.filtered(lambda w, u=unit: w.parent_id == u)
            self.assertIn("In Warranty", row)
            self.assertIn(f"until {self._long(unit.date_end)}", row)
            self.assertIn(
                f"Then {self.policy_extended.name}, from "
                f"{self._long(extension.date_start)} to "
                f"{self._long(extension.date_end)}: upcoming.",
                row,
            )
            self.assertNotIn("Active", row)
        # The extension's own page: not started, with the unit's coverage.
        extension = extensions[0]
        page = self.url_open(extension.get_portal_url()).text
        self.assertIn(
            "This warranty has not started yet: it covers your unit from "
            f"{self._long(extension.date_start)}.",
            page,
        )
        self.assertIn("Upcoming", page)
        self.assertIn("Coverage today:", page)
        # The home page counts units too.
        self.assertEqual(
            self.make_jsonrpc_request(
                "/my/counters", {"counters": ["aftersales_warranty_count"]}
            )["aftersales_warranty_count"],
            3,
        )

    def test_void_warranty_says_why_without_the_free_repair_note(self):
        unit = self._unit("SN-UL4")
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open(unit.get_portal_url()).text
        self.assertIn("Free repair of manufacturing defects.", page)
        self.assertNotIn("This warranty is void", page)
        unit.write({"state": "void", "void_reason": "Damaged by a flood"})
        page = self.url_open(unit.get_portal_url()).text
        self.assertIn("This warranty is void.", page)
        self.assertIn("Damaged by a flood", page)
        self.assertNotIn("Free repair", page)
        self.assertNotIn("Open a Claim", page)
        page = self.url_open("/my/warranties").text
        row = page.split('class="o_aftersales_unit"')[1].split("</tr>")[0]
        self.assertIn("Void", row)
        self.assertIn("is void: Damaged by a flood.", row)


@tagged("post_install", "-at_install")
class TestPortalPhoneUi(CustomerViewCommon, HttpCase):
    browser_size = "390x844"

    def _phone_data(self):
        self._unit("SN-PH1")
        late = self._claim("SN-PH1")
        self._late(late)
        self._unit("SN-PH2")
        self._claim("SN-PH2")
        self._stock(self.product_serial, serials=["SN-PH3"])
        order = self._sell([(self.product_serial, 1), (self.product_extension, 1, 0)])
        self._deliver(order.picking_ids)

    def test_phone_shows_state_deadline_and_new_claim(self):
        self._phone_data()
        self.start_tour(
            "/my/claims", "aftersales_portal_phone_tour", login="as_portal_a"
        )

    def test_phone_in_russian(self):
        # Russian labels are longer: the same columns still fit.
        self._load_russian()
        self.portal_a.lang = "ru_RU"
        self._phone_data()
        self.start_tour(
            "/my/claims", "aftersales_portal_phone_tour", login="as_portal_a"
        )
