# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import functools
import subprocess
from collections import OrderedDict

from odoo import models
from odoo.exceptions import UserError
from odoo.tools.misc import find_in_path

MODULE = "aftersales_service_reports."
CONCLUSION = MODULE + "report_claim_conclusion"


@functools.cache
def wkhtmltopdf_has_patched_qt():
    """Whether the installed wkhtmltopdf is the build with patched Qt, the
    only one that prints several records into one PDF."""
    try:
        version = subprocess.run(
            [find_in_path("wkhtmltopdf"), "--version"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "patched qt" in version.lower()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Our documents for several records with a wkhtmltopdf that cannot
        print them at once (Debian's, unpatched Qt): one record at a time;
        Odoo then merges the PDFs in order."""
        report = self._get_report(report_ref)
        if (
            not report.report_name.startswith(MODULE)
            or not res_ids
            or len(set(res_ids)) < 2
            or len(res_ids) != len(set(res_ids))
            or wkhtmltopdf_has_patched_qt()
        ):
            return super()._render_qweb_pdf_prepare_streams(
                report_ref, data, res_ids=res_ids
            )
        streams = OrderedDict()
        for res_id in res_ids:
            streams.update(
                super()._render_qweb_pdf_prepare_streams(
                    report_ref, dict(data or {}), res_ids=[res_id]
                )
            )
        return streams

    def _get_rendering_context(self, report, docids, data):
        """The technical conclusion exists once the claim is diagnosed, from
        every entry point (print menu, button, portal)."""
        if report.report_name == CONCLUSION:
            claims = self.env["aftersales.claim"].sudo().browse(docids)
            for claim in claims:
                if not claim._aftersales_diagnosed():
                    raise UserError(
                        self.env._(
                            "The technical conclusion of claim %(claim)s needs a "
                            "diagnosis first: start the diagnosis, or note the "
                            "failures or the findings.",
                            claim=claim.display_name,
                        )
                    )
        return super()._get_rendering_context(report, docids, data)
