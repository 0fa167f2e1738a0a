# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A portal customer reads their own claim over JSON-RPC: the staff-only
fields (prices, recoveries, internal flags) stay out of reach."""

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import AftersalesRpcMixin
from .test_portal import PortalCommon

STAFF_FIELDS = (
    "unit_price",
    "penalty_amount",
    "supplier_recovered_amount",
    "supplier_recovery_possible",
    "needs_attention",
    "parts_deadline_risk",
    "dealer_claim_ids",
    "supplier_claim_ids",
)


@tagged("post_install", "-at_install")
class TestPortalClaimFields(PortalCommon, AftersalesRpcMixin, HttpCase):
    def test_internal_fields_refused_over_rpc_and_orm(self):
        self._unit("SN-PF1")
        claim = self._claim("SN-PF1")
        self.authenticate("as_portal_a", "as_portal_a")
        [own] = self.call_kw("aftersales.claim", "read", [claim.id], ["name", "state"])
        self.assertEqual(own["name"], claim.name)
        described = self.call_kw("aftersales.claim", "fields_get", [], ["string"])
        for name in STAFF_FIELDS:
            with self.subTest(field=name):
                self.assertNotIn(name, described)
                message = self.assertRpcRefused(
                    "aftersales.claim", "read", [claim.id], [name]
                )
                self.assertIn("AccessError", message)
                with self.assertRaises(AccessError):
                    claim.with_user(self.portal_a).read([name])
        # The claim page still shows what the customer may see.
        page = self.url_open(f"/my/claims/{claim.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(claim.name, page.text)
