# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.aftersales_service.tests.test_portal import PortalCommon

from .test_reports import ReportsCommon

SECRETS = ("SECRET-REPAIR-NOTE", "SECRET-CHATTER-NOTE")
PREFIX = "aftersales_service_reports.action_report_claim_"


@tagged("post_install", "-at_install")
class TestPortalDocumentsKeepInternals(ReportsCommon, PortalCommon, HttpCase):
    """What the customer receives prints nothing internal; the technical
    conclusion exists once a diagnosis does."""

    def test_documents_print_no_internal_note(self):
        claim = self._returned_claim("SN-SD1")
        claim.repair_ids.internal_notes = "<p>SECRET-REPAIR-NOTE</p>"
        claim.message_post(body="SECRET-CHATTER-NOTE", subtype_xmlid="mail.mt_note")
        self.authenticate("as_portal_a", "as_portal_a")
        for kind in ("acceptance", "repair", "answer", "conclusion"):
            with self.subTest(document=kind):
                page = self.url_open(f"/my/claims/{claim.id}/document/{kind}")
                self.assertEqual(page.status_code, 200)
                self.assertIn(claim.name, page.text)
                html = self._html(PREFIX + kind, claim)
                for secret in SECRETS:
                    self.assertNotIn(secret, page.text)
                    self.assertNotIn(secret, html)

    def test_conclusion_needs_a_diagnosis(self):
        self._unit("SN-SD2")
        claim = self._claim("SN-SD2", symptom="Leaks")
        claim.action_receive()
        self.assertNotIn("conclusion", str(claim._portal_documents()))
        self.authenticate("as_portal_a", "as_portal_a")
        url = f"/my/claims/{claim.id}/document/conclusion"
        self.assertEqual(self.url_open(url).status_code, 404)
        with self.assertRaisesRegex(UserError, claim.name):
            self._html(PREFIX + "conclusion", claim)
        claim.diagnosis = "Worn seal"
        self.assertIn("conclusion", str(claim._portal_documents()))
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Worn seal", page.text)
