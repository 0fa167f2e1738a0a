# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

# Documents of a claim: kind -> (report xml id, when the customer may have it).
CLAIM_DOCUMENTS = {
    "acceptance": (
        "aftersales_service_reports.action_report_claim_acceptance",
        lambda claim: bool(claim.date_received),
    ),
    "repair": (
        "aftersales_service_reports.action_report_claim_repair",
        lambda claim: bool(claim.repair_ids and claim.date_returned),
    ),
    "answer": (
        "aftersales_service_reports.action_report_claim_answer",
        lambda claim: claim.state in ("done", "rejected"),
    ),
    "conclusion": (
        "aftersales_service_reports.action_report_claim_conclusion",
        lambda claim: claim._aftersales_diagnosed(),
    ),
}
# Claim states at which the defect has been diagnosed.
DIAGNOSED_STATES = ("diagnosis", "in_repair", "ready", "done", "rejected")


class AftersalesClaim(models.Model):
    _name = "aftersales.claim"
    _inherit = ["aftersales.claim", "aftersales.report.document"]

    intake_condition = fields.Text(
        string="Condition and Completeness",
        help="The item's visible condition and what came with it, as written "
        "on the acceptance act.",
    )
    diagnosis = fields.Text(
        help="The technician's findings, printed on the technical conclusion.",
    )

    def _aftersales_diagnosed(self):
        """Whether a diagnosis exists, the technical conclusion's content:
        the claim reached the diagnosis, or failures or findings are noted."""
        self.ensure_one()
        return bool(
            self.state in DIAGNOSED_STATES
            or self.failure_code_ids
            or (self.diagnosis or "").strip()
        )

    def _aftersales_signatory(self, repairs=None):
        """The staff member who signs this claim's documents for the
        company: the technician of ``repairs`` (the repair act: the last
        finished repair first, cancelled ones never), else the claim's
        responsible, else the company's claims responsible; never a customer
        nor the superuser (OdooBot). Empty when nobody qualifies."""
        self.ensure_one()
        repairs = (repairs or self.env["repair.order"]).sudo()
        technicians = [
            repair.user_id
            for repair in repairs.filtered(lambda r: r.state != "cancel").sorted(
                lambda r: (r.state == "done", r.id), reverse=True
            )
        ]
        return self._aftersales_signing_user(
            [*technicians, self.user_id], self.company_id
        )

    def _aftersales_repair_status_gap(self, repair):
        """Why ``repair``'s warranty status differs from the claim's
        coverage, for the repair act: ``partial_terms`` (in warranty, but the
        terms pay only part of the parts or the labour: a paid repair whose
        quotation discounts the covered share), ``paid`` (in warranty, the
        repair was made a paid one), ``free`` (not in warranty, the repair
        was made free of charge); False when they agree."""
        self.ensure_one()
        covered = self.coverage == "in_warranty"
        if covered == bool(repair.under_warranty):
            return False
        if not covered:
            return "free"
        policy = self.warranty_id.policy_id
        if policy.parts_coverage < 100 or policy.labour_coverage < 100:
            return "partial_terms"
        return "paid"

    def _portal_documents(self):
        documents = super()._portal_documents()
        reports = self.env["ir.actions.report"].sudo()
        for kind, (xmlid, available) in CLAIM_DOCUMENTS.items():
            if available(self):
                report = reports.env.ref(xmlid)
                documents.append(
                    (
                        report.name,
                        f"/my/claims/{self.id}/document/{kind}"
                        f"?access_token={self._portal_ensure_token()}",
                    )
                )
        return documents
