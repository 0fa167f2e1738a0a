# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

# Rows of the dealer claim form (labour operations, parts).
FORM_ROWS = 3


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

    def _dealer_values(self, page_name, **values):
        page = self._prepare_portal_layout_values()
        page.update(page_name=page_name, **values)
        return page

    def _dealer_contracts(self):
        """The portal dealer's contracts (their record rule keeps others
        out); 404 for a customer who is no dealer."""
        contracts = request.env["aftersales.dealer.contract"].search(
            [("state", "in", ("active", "expired", "terminated"))]
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
            [("dealer_id", "child_of", [self._dealer().id])],
            order="date_claim desc, id desc",
        )
        return request.render(
            "aftersales_service.portal_dealer_claims",
            self._dealer_values("aftersales_dealer_claims", claims=claims.sudo()),
        )

    @http.route(["/my/dealer/reimbursements"], type="http", auth="user", website=True)
    def portal_dealer_reimbursements(self, **kw):
        self._dealer_contracts()
        dealer_claims = request.env["aftersales.dealer.claim"].search([])
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
            .search([("id", "=", dealer_claim_id)])
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
                    ("dealer_id", "child_of", [self._dealer().id]),
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
        claim = self._dealer_open_claims().filtered(
            lambda c: str(c.id) == str(claim_id)
        )
        try:
            if not claim:
                raise UserError(request.env._("Choose one of the claims you handle."))
            # Refused: nothing of it is kept.
            with request.env.cr.savepoint():
                dealer_claim = self._dealer_create_claim(claim, kw)
        except UserError as error:
            return self._dealer_claim_form(
                error=str(error), form=dict(kw, claim_id=claim_id)
            )
        return request.redirect(f"/my/dealer/reimbursements/{dealer_claim.id}")

    def _dealer_create_claim(self, claim, form):
        """The dealer claim the form describes, submitted."""
        operations = request.env["aftersales.labour.operation"].sudo()
        products = request.env["product.product"].sudo()
        operation_lines, part_lines = [], []
        for row in range(FORM_ROWS):
            operation_id = form.get(f"operation_{row}")
            if operation_id:
                operation = operations.browse(int(operation_id)).exists()
                if not operation:
                    raise UserError(request.env._("Choose a known labour operation."))
                operation_lines.append({"operation_id": operation.id})
            reference = (form.get(f"part_{row}") or "").strip()
            if reference:
                product = products.search(
                    [
                        "|",
                        ("default_code", "=", reference),
                        ("barcode", "=", reference),
                    ],
                    limit=1,
                )
                if not product:
                    raise UserError(
                        request.env._(
                            "No part has the reference %(reference)s.",
                            reference=reference,
                        )
                    )
                try:
                    quantity = float(form.get(f"quantity_{row}") or 1)
                except ValueError:
                    quantity = 0
                if quantity <= 0:
                    raise UserError(request.env._("Part quantities must be positive."))
                part_lines.append(
                    {
                        "product_id": product.id,
                        "serial": (form.get(f"serial_{row}") or "").strip(),
                        "quantity": quantity,
                    }
                )
        dealer_claim = (
            request.env["aftersales.dealer.claim"]
            .sudo()
            .with_company(claim.company_id)
            .create(
                {
                    "claim_id": claim.id,
                    "partner_id": claim.dealer_id.id,
                    "company_id": claim.company_id.id,
                    "note": form.get("note") or False,
                    "operation_line_ids": [(0, 0, vals) for vals in operation_lines],
                    "part_line_ids": [(0, 0, vals) for vals in part_lines],
                }
            )
        )
        dealer_claim.action_submit()
        return dealer_claim

    @http.route(["/my/dealer/units"], type="http", auth="user", website=True)
    def portal_dealer_units(self, **kw):
        self._dealer_contracts()
        return request.render(
            "aftersales_service.portal_dealer_units",
            self._dealer_values("aftersales_dealer_units", units=self._dealer_units()),
        )

    def _dealer_units(self):
        """The dealer's units not resold yet."""
        dealer = self._dealer()
        return (
            request.env["aftersales.warranty"]
            .search(
                [
                    ("dealer_id", "child_of", [dealer.id]),
                    ("partner_id", "child_of", [dealer.id]),
                    ("state", "=", "active"),
                    ("parent_id", "=", False),
                ]
            )
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
        if not name.strip():
            return request.redirect("/my/dealer/units?error=name")
        customer = (
            request.env["res.partner"]
            .sudo()
            .create({"name": name.strip(), "email": email.strip() or False})
        )
        warranty._resell_to(customer)
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
