# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command
from odoo.http import Request
from odoo.tests import HttpCase, tagged

from ..controllers import portal as portal_controller
from .test_portal import PNG
from .test_security_public_warranty_check import PublicCheckCommon

ATTACK = "<img src=x onerror=alert(1)>"


class PortalAttackCommon(PublicCheckCommon):
    def _counts(self):
        return {
            model: self.env[model].sudo().search_count([])
            for model in (
                "aftersales.claim",
                "helpdesk.ticket",
                "ir.attachment",
                "mail.message",
            )
        }

    def _submit(self, files=None, **values):
        data = {
            "csrf_token": Request.csrf_token(self),
            "claim_type": "repair",
            "symptom": "The drum is noisy",
            **values,
        }
        return self.url_open("/my/claims/submit", data=data, files=files or {})

    def _assert_refused(self, message, files=None, **values):
        """The form comes back with ``message`` (a regular expression);
        nothing is written."""
        before = self._counts()
        page = self._submit(files=files, **values)
        self.assertEqual(page.status_code, 200, page.text[-2000:])
        self.assertRegex(page.text, message)
        self.assertTrue(page.url.endswith("/my/claims/submit"), page.url)
        self.env.invalidate_all()
        self.assertEqual(self._counts(), before)
        return page


@tagged("post_install", "-at_install")
class TestPortalClaimSubmission(PortalAttackCommon, HttpCase):
    def test_submissions_bounded_per_user_and_hour(self):
        limit = portal_controller.CLAIM_LIMIT
        units = [self._unit(f"SN-RL{i}") for i in range(limit + 1)]
        self.authenticate("as_portal_a", "as_portal_a")
        for unit in units[:limit]:
            page = self._submit(warranty_id=unit.id)
            self.assertIn("/my/claims/", page.url)
            self._other_worker()
        self._assert_refused(
            "You opened too many claims in the last hour",
            warranty_id=units[-1].id,
            files={"attachments": ("door.png", PNG, "image/png")},
        )
        # Another customer has their own budget.
        mine = self._unit("SN-RL-B", partner=self.customer_b)
        self.authenticate("as_portal_b", "as_portal_b")
        page = self._submit(warranty_id=mine.id)
        self.assertIn("/my/claims/", page.url)

    def test_refusal_is_translated(self):
        self._load_russian()
        self.portal_a.lang = "ru_RU"
        self._unit("SN-RU1")
        self.authenticate("as_portal_a", "as_portal_a")
        page = self._assert_refused(
            "alert[^>]*>[^<]*[\u0400-\u04ff]", warranty_id="abc"
        )
        self.assertNotIn("Choose one of your registered units", page.text)
        for _i in range(portal_controller.CLAIM_LIMIT):
            self.env["aftersales.rate.limit"]._hit(
                f"portal_claim:{self.portal_a.id}", portal_controller.CLAIM_LIMIT, 3600
            )
        page = self._assert_refused(
            "alert[^>]*>[^<]*[\u0400-\u04ff]", warranty_id=self._unit("SN-RU2").id
        )
        self.assertNotIn("too many claims", page.text)

    def test_other_company_unit_is_not_claimable(self):
        self.portal_a.company_ids = [Command.link(self.company_b.id)]
        theirs = self._unit_of_company_b("SN-CB1")
        self.authenticate("as_portal_a", "as_portal_a")
        form = self.url_open("/my/claims/new")
        self.assertNotIn("SN-CB1", form.text)
        self._assert_refused(
            "Choose one of your registered units", warranty_id=theirs.id
        )

    def test_archived_product_is_not_claimable(self):
        unit = self._unit("SN-ARCH1")
        self.product_serial.active = False
        self.authenticate("as_portal_a", "as_portal_a")
        form = self.url_open("/my/claims/new")
        self.assertNotIn("SN-ARCH1", form.text)
        self._assert_refused("Choose one of your registered units", warranty_id=unit.id)

    def test_bad_numbers_and_types_give_a_form_error(self):
        unit = self._unit("SN-BAD1")
        self.authenticate("as_portal_a", "as_portal_a")
        for bad in (
            "abc",
            "1e999",
            "-1",
            "nan",
            "inf",
            "0x10",
            "",
            " ",
            "1.0",
            str(2**80),
            f"{unit.id},{unit.id}",
        ):
            with self.subTest(warranty_id=bad):
                self._assert_refused(
                    "Choose one of your registered units", warranty_id=bad
                )
        for claim_type in ("warranty_extension", "", "REPAIR", "repair;drop"):
            with self.subTest(claim_type=claim_type):
                self._assert_refused(
                    "Choose what you ask for",
                    warranty_id=unit.id,
                    claim_type=claim_type,
                )
        self._assert_refused(
            "Describe what is wrong in at most",
            warranty_id=unit.id,
            symptom="x" * (portal_controller.SYMPTOM_MAX_CHARS + 1),
        )
        # NUL characters (PostgreSQL refuses them) in the text and a file name.
        page = self._submit(
            warranty_id=unit.id,
            symptom="Noise\x00 again",
            files={"attachments": ("door\x00.png", PNG, "image/png")},
        )
        self.assertIn("/my/claims/", page.url)
        claim = self.env["aftersales.claim"].search([("serial", "=", "SN-BAD1")])
        self.assertEqual(claim.symptom, "Noise again")
        # A GET of the POST-only route, or a form without its token: no 500.
        self.assertLess(self.url_open("/my/claims/submit").status_code, 500)
        before = self._counts()
        page = self.url_open(
            "/my/claims/submit", data={"warranty_id": unit.id, "symptom": "x"}
        )
        self.assertLess(page.status_code, 500)
        self.assertEqual(self._counts(), before)
        # The form page itself with garbage values.
        page = self.url_open("/my/claims/new?warranty_id=1e999&claim_type=%3Cb%3E")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("<b>", page.text)

    def test_symptom_is_plain_text_on_the_ticket(self):
        self.company.aftersales_portal_ticket = True
        unit = self._unit("SN-XSS1")
        self.authenticate("as_portal_a", "as_portal_a")
        page = self._submit(warranty_id=unit.id, symptom=f"Noise {ATTACK}\nand smoke")
        self.assertIn("/my/claims/", page.url)
        claim = self.env["aftersales.claim"].search([("serial", "=", "SN-XSS1")])
        self.assertEqual(claim.symptom, f"Noise {ATTACK}\nand smoke")
        description = str(claim.ticket_id.description)
        self.assertNotIn("<img", description)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", description)
        # The claim opened from the ticket gets the customer's words back.
        self.assertIn(
            ATTACK, claim.ticket_id._prepare_aftersales_claim_vals()["symptom"]
        )
        for message in claim.message_ids | claim.ticket_id.message_ids:
            self.assertNotIn("<img", str(message.body))


@tagged("post_install", "-at_install")
class TestPortalRatingFeedback(PortalAttackCommon, HttpCase):
    def _rated_claim(self, serial):
        self._unit(serial)
        claim = self._claim(serial, claim_type="consultation")
        claim.action_receive()
        claim.action_done()
        return claim

    def _assert_escaped(self, claim):
        activity = claim.activity_ids.filtered(lambda a: a.summary == "Needs attention")
        self.assertTrue(activity)
        self.assertNotIn('src="x"', str(activity.note))
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", str(activity.note))
        for message in claim.message_ids:
            self.assertNotIn('src="x"', str(message.body))
            self.assertNotIn("<img src=x", str(message.body))

    def test_feedback_through_the_rating_page(self):
        claim = self._rated_claim("SN-RATE1")
        token = claim._rating_get_access_token()
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={
                "csrf_token": Request.csrf_token(self),
                "rate": 1,
                "feedback": ATTACK,
            },
        )
        self.assertEqual(page.status_code, 200)
        self._assert_escaped(claim)

    def test_feedback_through_rating_apply(self):
        claim = self._rated_claim("SN-RATE2")
        token = claim._rating_get_access_token()
        claim.with_user(self.portal_a).sudo().rating_apply(
            1, token=token, feedback=ATTACK
        )
        self._assert_escaped(claim)
