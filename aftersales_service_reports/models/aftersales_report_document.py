# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
import re

from werkzeug.urls import url_encode

from odoo import models
from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

# File name of each document (the record's number follows).
TITLES = {
    "acceptance": _lt("Acceptance Act"),
    "repair": _lt("Repair Act"),
    "answer": _lt("Claim Answer"),
    "conclusion": _lt("Technical Conclusion"),
    "warranty_card": _lt("Warranty Card"),
    "warranty_cards": _lt("Warranty Cards"),
    "loan": _lt("Loaner Act"),
    "dealer_claim": _lt("Dealer Claim"),
    "supplier_claim": _lt("Claim to the Supplier"),
    "dealer_summary": _lt("Dealer Reimbursements"),
    "work_report": _lt("After-Sales Work Report"),
    "commissioning": _lt("Commissioning Act"),
    "warranty_reserve": _lt("Warranty Reserve"),
}


class AftersalesReportDocument(models.AbstractModel):
    """What the printed after-sales documents share: their file names and
    the QR code of a unit's warranty check."""

    _name = "aftersales.report.document"
    _description = "Printed After-Sales Document"

    def _aftersales_report_filename(self, document):
        """The title of ``document`` (a key of TITLES) and the record's
        name, in the user's language, safe as a file name."""
        self.ensure_one()
        name = f"{TITLES[document]} {self.display_name}"
        return re.sub(r"[^\w\- ]+", "-", name).strip()

    def _get_report_base_filename(self):
        """The file name of a document downloaded from the portal (the
        document named by the context's ``aftersales_document``)."""
        self.ensure_one()
        document = self.env.context.get("aftersales_document")
        if document in TITLES:
            return self._aftersales_report_filename(document)
        return self.display_name

    def _aftersales_qr_code(self, serial):
        """A data URI of the QR code that opens the public warranty check
        of ``serial`` (inline, so that wkhtmltopdf fetches nothing)."""
        url = "{}/warranty/check?{}".format(
            self.get_base_url(), url_encode({"serial": serial or ""})
        )
        png = self.env["ir.actions.report"].barcode(
            "QR", url, width=150, height=150, quiet=False
        )
        return "data:image/png;base64," + base64.b64encode(png).decode()

    def _aftersales_signing_user(self, candidates, company):
        """The staff member who signs a document for ``company``: the first
        of ``candidates`` (users, in order of preference) who is an internal
        user and not the superuser, else the company's claims responsible on
        the same terms. Never a customer (portal user), never OdooBot: an
        empty recordset when nobody qualifies, and the document then prints
        an empty signature line for the company."""
        users = [
            *(user for records in candidates for user in records.sudo()),
            *company.sudo()._aftersales_responsible(),
        ]
        return next(
            (user for user in users if not user.share and not user._is_superuser()),
            self.env["res.users"],
        )

    def _aftersales_service_points(self, company, limit=5):
        return (
            self.env["aftersales.dealer.contract"]
            .sudo()
            .search(
                [
                    ("state", "=", "active"),
                    ("point_published", "=", True),
                    ("company_id", "=", company.id),
                ],
                order="point_city, id",
                limit=limit,
            )
        )
