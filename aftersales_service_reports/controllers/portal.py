# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.aftersales_claim import CLAIM_DOCUMENTS


class AftersalesReportsPortal(CustomerPortal):
    @http.route(
        ["/my/claims/<int:claim_id>/document/<string:kind>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_claim_document(self, claim_id, kind, access_token=None, **kw):
        """A claim's document as PDF, for its customer (or the link holder)."""
        try:
            claim = self._document_check_access(
                "aftersales.claim", claim_id, access_token
            )
        except (AccessError, MissingError):
            raise request.not_found() from None
        if kind not in CLAIM_DOCUMENTS or not CLAIM_DOCUMENTS[kind][1](claim):
            raise request.not_found()
        return self._show_report(
            model=claim.with_context(aftersales_document=kind),
            report_type="pdf",
            report_ref=CLAIM_DOCUMENTS[kind][0],
            download=True,
        )
