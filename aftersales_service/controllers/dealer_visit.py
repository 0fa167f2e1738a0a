# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from .dealer import FORM_ROWS, AftersalesDealerPortal


class AftersalesDealerVisitPortal(AftersalesDealerPortal):
    def _prepare_dealer_visits_domain(self, partner):
        """The on-site visits given to the dealer ``partner`` (its company);
        the record rule keeps other dealers' out as well."""
        return [("aftersales_dealer_id", "child_of", [partner.id])]

    def _dealer_visit(self, visit_id):
        """The dealer's visit ``visit_id``, searched as the portal user; 404
        for any other."""
        self._dealer_contracts()
        visit = request.env["fsm.order"].search(
            [("id", "=", visit_id), *self._prepare_dealer_visits_domain(self._dealer())]
        )
        if not visit:
            raise request.not_found()
        return visit

    @http.route(["/my/dealer/visits"], type="http", auth="user", website=True)
    def portal_dealer_visits(self, **kw):
        self._dealer_contracts()
        visits = request.env["fsm.order"].search(
            self._prepare_dealer_visits_domain(self._dealer()),
            order="scheduled_date_start desc, id desc",
        )
        return request.render(
            "aftersales_service.portal_dealer_visits",
            self._dealer_values("aftersales_dealer_visits", visits=visits.sudo()),
        )

    @http.route(
        ["/my/dealer/visits/<int:visit_id>"], type="http", auth="user", website=True
    )
    def portal_dealer_visit(self, visit_id, **kw):
        return self._dealer_visit_page(self._dealer_visit(visit_id))

    def _dealer_visit_page(self, visit, error=None, form=None):
        contracts = self._dealer_contracts()
        return request.render(
            "aftersales_service.portal_dealer_visit",
            self._dealer_values(
                "aftersales_dealer_visit",
                visit=visit.sudo(),
                operations=request.env["aftersales.labour.operation"]
                .sudo()
                .search([("company_id", "in", [*contracts.company_id.ids, False])]),
                rows=range(FORM_ROWS),
                error=error,
                form=form or {},
            ),
        )

    @http.route(
        ["/my/dealer/visits/<int:visit_id>/close"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_dealer_visit_close(self, visit_id, report="", **kw):
        """Close the visit with its report; with labour, report it in a
        submitted dealer claim that the server prices from the contract."""
        visit = self._dealer_visit(visit_id)
        form = dict(kw, report=report)
        claim = visit.sudo().aftersales_claim_id
        wants_claim = any(kw.get(f"operation_{row}") for row in range(FORM_ROWS))
        try:
            with request.env.cr.savepoint():
                visit._aftersales_dealer_close(report)
                if wants_claim:
                    if not claim:
                        raise UserError(
                            request.env._(
                                "Visit %(visit)s has no customer claim: its labour "
                                "cannot be claimed.",
                                visit=visit.sudo().name,
                            )
                        )
                    values = self._dealer_claim_values(claim, kw)
                    values["fsm_order_id"] = visit.id
                    request.env["aftersales.dealer.claim"].sudo().with_company(
                        claim.company_id
                    )._check_values_billed_once(values)
                    self._dealer_create_claim(claim, values)
        except (UserError, AccessError) as error:
            return self._dealer_visit_page(visit, error=str(error), form=form)
        return request.redirect(f"/my/dealer/visits/{visit.id}")
