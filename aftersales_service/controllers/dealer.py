# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import math

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import email_normalize, plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal

# Rows of the dealer claim form (labour operations, parts).
FORM_ROWS = 3
# What one portal user may submit per hour (counted in the database, for
# every worker): reimbursement claims and resold units.
REIMBURSEMENT_LIMIT = 30
RESELL_LIMIT = 30
WINDOW = 3600
# Bounds of what a form may claim.
MAX_QUANTITY = 1000
MAX_HOURS = 100
MAX_SERIAL = 64
MAX_NOTE = 5000
MAX_REASON = 1000
MAX_NAME = 128
MAX_EMAIL = 254


def _form_id(value):
    """A record id typed in a form, or None (not a positive 32-bit integer)."""
    value = str(value or "").strip()
    if not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if 0 < number < 2**31 else None


def _form_number(value, maximum):
    """A number typed in a form, more than 0 and at most ``maximum``, or None
    (not a number, not finite, out of bounds)."""
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or not 0 < number <= maximum:
        return None
    return number


class AftersalesDealerPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "aftersales_dealer_contract_count" in counters:
            contracts = request.env["aftersales.dealer.contract"]
            values["aftersales_dealer_contract_count"] = (
                contracts.search_count([("state", "in", ("active", "expired"))])
                if contracts.has_access("read")
                else 0
            )
        return values

    def _dealer(self):
        return request.env.user.partner_id.commercial_partner_id

    def _prepare_dealer_contracts_domain(self, partner):
        """The contracts that let ``partner`` in the dealer portal (their
        record rule keeps other dealers' out)."""
        return [("state", "in", ("active", "expired", "terminated"))]

    def _prepare_dealer_claims_domain(self, partner):
        """The customer claims the dealer ``partner`` (its company) handles."""
        return [("dealer_id", "child_of", [partner.id])]

    def _prepare_dealer_reimbursements_domain(self, partner):
        """The dealer's reimbursement claims: all they may read (their record
        rule keeps other dealers' out)."""
        return []

    def _prepare_dealer_units_domain(self, partner):
        """The dealer ``partner``'s own units, not resold yet."""
        return [
            ("dealer_id", "child_of", [partner.id]),
            ("partner_id", "child_of", [partner.id]),
            ("state", "=", "active"),
            ("parent_id", "=", False),
        ]

    def _dealer_values(self, page_name, **values):
        page = self._prepare_portal_layout_values()
        page.update(page_name=page_name, **values)
        return page

    def _dealer_contracts(self):
        """The portal dealer's contracts (their record rule keeps others
        out); 404 for a customer who is no dealer."""
        contracts = request.env["aftersales.dealer.contract"].search(
            self._prepare_dealer_contracts_domain(self._dealer())
        )
        if not contracts:
            raise request.not_found()
        return contracts

    @http.route(["/my/dealer"], type="http", auth="user", website=True)
    def portal_dealer(self, **kw):
        contracts = self._dealer_contracts()
        return request.render(
            "aftersales_service.portal_dealer",
            self._dealer_values("aftersales_dealer", contracts=contracts.sudo()),
        )

    @http.route(["/my/dealer/claims"], type="http", auth="user", website=True)
    def portal_dealer_claims(self, **kw):
        self._dealer_contracts()
        claims = request.env["aftersales.claim"].search(
            self._prepare_dealer_claims_domain(self._dealer()),
            order="date_claim desc, id desc",
        )
        return request.render(
            "aftersales_service.portal_dealer_claims",
            self._dealer_values("aftersales_dealer_claims", claims=claims.sudo()),
        )

    @http.route(
        ["/my/dealer/claims/<int:claim_id>"], type="http", auth="user", website=True
    )
    def portal_dealer_claim(self, claim_id, **kw):
        """A customer claim the dealer handles, with its reimbursements; 404
        for any other."""
        self._dealer_contracts()
        claim = (
            request.env["aftersales.claim"]
            .search(
                [
                    ("id", "=", claim_id),
                    *self._prepare_dealer_claims_domain(self._dealer()),
                ]
            )
            .sudo()
        )
        if not claim:
            raise request.not_found()
        dealer_claims = request.env["aftersales.dealer.claim"].search(
            [("claim_id", "=", claim.id)]
        )
        return request.render(
            "aftersales_service.portal_dealer_claim",
            self._dealer_values(
                "aftersales_dealer_claim",
                claim=claim,
                dealer_claims=dealer_claims.sudo(),
            ),
        )

    @http.route(["/my/dealer/reimbursements"], type="http", auth="user", website=True)
    def portal_dealer_reimbursements(self, **kw):
        self._dealer_contracts()
        dealer_claims = request.env["aftersales.dealer.claim"].search(
            self._prepare_dealer_reimbursements_domain(self._dealer())
        )
        return request.render(
            "aftersales_service.portal_dealer_reimbursements",
            self._dealer_values(
                "aftersales_dealer_reimbursements", dealer_claims=dealer_claims.sudo()
            ),
        )

    @http.route(
        ["/my/dealer/reimbursements/<int:dealer_claim_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_dealer_reimbursement(self, dealer_claim_id, **kw):
        dealer_claim = (
            request.env["aftersales.dealer.claim"]
            .search(
                [
                    ("id", "=", dealer_claim_id),
                    *self._prepare_dealer_reimbursements_domain(self._dealer()),
                ]
            )
            .sudo()
        )
        if not dealer_claim:
            raise request.not_found()
        return request.render(
            "aftersales_service.portal_dealer_reimbursement",
            self._dealer_values(
                "aftersales_dealer_reimbursement", dealer_claim=dealer_claim
            ),
        )

    def _dealer_open_claims(self):
        return (
            request.env["aftersales.claim"]
            .search(
                [
                    *self._prepare_dealer_claims_domain(self._dealer()),
                    ("state", "not in", ("cancelled",)),
                ],
                order="date_claim desc, id desc",
            )
            .sudo()
        )

    def _dealer_claim_form(self, error=None, form=None):
        contracts = self._dealer_contracts()
        return request.render(
            "aftersales_service.portal_dealer_reimbursement_new",
            self._dealer_values(
                "aftersales_dealer_reimbursement_new",
                claims=self._dealer_open_claims(),
                operations=request.env["aftersales.labour.operation"]
                .sudo()
                .search([("company_id", "in", [*contracts.company_id.ids, False])]),
                rows=range(FORM_ROWS),
                error=error,
                form=form or {},
            ),
        )

    @http.route(
        ["/my/dealer/reimbursements/new"], type="http", auth="user", website=True
    )
    def portal_dealer_reimbursement_new(self, **kw):
        return self._dealer_claim_form(form=kw)

    @http.route(
        ["/my/dealer/reimbursements/submit"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_dealer_reimbursement_submit(self, claim_id=None, **kw):
        self._dealer_contracts()
        form = dict(kw, claim_id=claim_id)
        # Every submission counts, refused ones too.
        if (
            request.env["aftersales.rate.limit"]
            .sudo()
            ._hit(f"dealer_claim:{request.env.uid}", REIMBURSEMENT_LIMIT, WINDOW)
        ):
            return self._dealer_claim_form(
                error=request.env._(
                    "You submitted too many reimbursement claims in the last "
                    "hour: try again later."
                ),
                form=form,
            )
        claim_id = _form_id(claim_id)
        claim = self._dealer_open_claims().filtered(lambda c: c.id == claim_id)
        try:
            if not claim:
                raise UserError(request.env._("Choose one of the claims you handle."))
            # Everything is checked before the claim exists: a refusal leaves
            # nothing behind, not even a used number.
            values = self._dealer_claim_values(claim, kw)
            request.env["aftersales.dealer.claim"].sudo().with_company(
                claim.company_id
            )._check_values_billed_once(values)
            with request.env.cr.savepoint():
                dealer_claim = self._dealer_create_claim(claim, values)
        except UserError as error:
            return self._dealer_claim_form(error=str(error), form=form)
        return request.redirect(f"/my/dealer/reimbursements/{dealer_claim.id}")

    def _dealer_claim_values(self, claim, form):
        """The dealer claim the form describes, as values, once every field
        is checked: the operations and parts of the claim's company only,
        active, in bounded quantities and hours."""
        env = request.env
        company = claim.company_id
        contract = (
            env["aftersales.dealer.contract"]
            .sudo()
            ._active_for(claim.dealer_id, company)
        )
        today = fields.Date.context_today(contract)
        if not contract or (contract.date_end and contract.date_end < today):
            raise UserError(
                env._(
                    "%(dealer)s has no active service contract with %(company)s: "
                    "no reimbursement can be claimed.",
                    dealer=claim.dealer_id.display_name,
                    company=company.display_name,
                )
            )
        operations = env["aftersales.labour.operation"].sudo()
        products = env["product.product"].sudo()
        shared = [company.id, False]
        operation_lines, part_lines = [], []
        for row in range(FORM_ROWS):
            typed = form.get(f"operation_{row}")
            if typed:
                operation_id = _form_id(typed)
                operation = (
                    operations.search(
                        [("id", "=", operation_id), ("company_id", "in", shared)]
                    )
                    if operation_id
                    else operations
                )
                if not operation:
                    raise UserError(env._("Choose a known labour operation."))
                line = {"operation_id": operation.id}
                hours = (form.get(f"hours_{row}") or "").strip()
                if hours:
                    line["hours"] = _form_number(hours, MAX_HOURS)
                    if line["hours"] is None:
                        raise UserError(
                            env._(
                                "Labour hours must be more than 0 and at most "
                                "%(maximum)s.",
                                maximum=MAX_HOURS,
                            )
                        )
                operation_lines.append(line)
            reference = (form.get(f"part_{row}") or "").strip()
            if reference:
                product = products.search(
                    [
                        ("company_id", "in", shared),
                        ("type", "=", "consu"),
                        "|",
                        ("default_code", "=", reference),
                        ("barcode", "=", reference),
                    ],
                    limit=1,
                )
                if not product:
                    raise UserError(
                        env._(
                            "No part has the reference %(reference)s.",
                            reference=reference[:MAX_SERIAL],
                        )
                    )
                quantity = _form_number(form.get(f"quantity_{row}") or 1, MAX_QUANTITY)
                if quantity is None:
                    raise UserError(
                        env._(
                            "Each part quantity must be more than 0 and at most "
                            "%(maximum)s.",
                            maximum=MAX_QUANTITY,
                        )
                    )
                serial = (form.get(f"serial_{row}") or "").strip()
                if len(serial) > MAX_SERIAL:
                    raise UserError(
                        env._(
                            "A serial number has at most %(maximum)s characters.",
                            maximum=MAX_SERIAL,
                        )
                    )
                part_lines.append(
                    {"product_id": product.id, "serial": serial, "quantity": quantity}
                )
        if not (operation_lines or part_lines):
            raise UserError(
                env._("Describe the work of your reimbursement claim: labour or parts.")
            )
        note = (form.get("note") or "").strip()
        if len(note) > MAX_NOTE:
            raise UserError(
                env._(
                    "The notes have at most %(maximum)s characters.", maximum=MAX_NOTE
                )
            )
        reason = (form.get("second_visit_reason") or "").strip()
        if len(reason) > MAX_REASON:
            raise UserError(
                env._(
                    "The reason of a second visit has at most %(maximum)s characters.",
                    maximum=MAX_REASON,
                )
            )
        return {
            "claim_id": claim.id,
            "second_visit_reason": reason or False,
            "partner_id": claim.dealer_id.id,
            "company_id": company.id,
            "contract_id": contract.id,
            # What the dealer typed is text, never markup.
            "note": plaintext2html(note) if note else False,
            "operation_line_ids": [(0, 0, vals) for vals in operation_lines],
            "part_line_ids": [(0, 0, vals) for vals in part_lines],
        }

    def _dealer_create_claim(self, claim, values):
        """The dealer claim of ``values``, submitted (the server computes its
        amounts and flags)."""
        dealer_claim = (
            request.env["aftersales.dealer.claim"]
            .sudo()
            .with_company(claim.company_id)
            .create(values)
        )
        dealer_claim.action_submit()
        return dealer_claim

    @http.route(["/my/dealer/units"], type="http", auth="user", website=True)
    def portal_dealer_units(self, **kw):
        self._dealer_contracts()
        return self._dealer_units_page()

    def _dealer_units_page(self, error=None):
        return request.render(
            "aftersales_service.portal_dealer_units",
            self._dealer_values(
                "aftersales_dealer_units", units=self._dealer_units(), error=error
            ),
        )

    def _dealer_units(self):
        """The dealer's units not resold yet."""
        return (
            request.env["aftersales.warranty"]
            .search(self._prepare_dealer_units_domain(self._dealer()))
            .sudo()
        )

    @http.route(
        ["/my/dealer/units/<int:warranty_id>/resell"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_dealer_resell(self, warranty_id, name="", email="", **kw):
        warranty = self._dealer_units().filtered(lambda w: w.id == warranty_id)
        if not warranty:
            raise request.not_found()
        env = request.env
        if (
            env["aftersales.rate.limit"]
            .sudo()
            ._hit(f"dealer_resell:{env.uid}", RESELL_LIMIT, WINDOW)
        ):
            return self._dealer_units_page(
                env._(
                    "You registered too many end customers in the last hour: try "
                    "again later."
                )
            )
        name, email = (name or "").strip(), (email or "").strip()
        try:
            if not name or len(name) > MAX_NAME:
                raise UserError(
                    env._(
                        "Enter the name of the end customer (at most %(maximum)s "
                        "characters).",
                        maximum=MAX_NAME,
                    )
                )
            if email and (len(email) > MAX_EMAIL or not email_normalize(email)):
                raise UserError(
                    env._("Enter a valid e-mail address of the end customer, or none.")
                )
            # Refused: no customer is left behind.
            with env.cr.savepoint():
                customer = (
                    env["res.partner"]
                    .sudo()
                    .create({"name": name, "email": email or False})
                )
                warranty._resell_to(customer)
        except UserError as error:
            return self._dealer_units_page(str(error))
        return request.redirect("/my/dealer/units")

    @http.route(
        ["/service-points"], type="http", auth="public", website=True, sitemap=True
    )
    def service_points(self, city="", **kw):
        """The published service points, for consumers."""
        points = (
            request.env["aftersales.dealer.contract"]
            .sudo()
            .search(
                [("state", "=", "active"), ("point_published", "=", True)],
                order="point_city, id",
            )
        )
        cities = sorted({point.point_city for point in points if point.point_city})
        if city:
            points = points.filtered(lambda p: p.point_city == city)
        return request.render(
            "aftersales_service.service_points",
            {"points": points, "cities": cities, "city": city},
        )
