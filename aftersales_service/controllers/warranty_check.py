# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The public warranty check behind the warranty card's QR code."""

from odoo import fields, http
from odoo.http import request

# Public warranty checks per visitor (an IPv4 address or an IPv6 /64) and
# minute, counted in the database by every worker and server: enough to stop
# a script walking through serial numbers.
CHECK_LIMIT = 10
CHECK_WINDOW = 60


class AftersalesWarrantyCheck(http.Controller):
    @http.route(
        ["/warranty/check"], type="http", auth="public", website=True, sitemap=False
    )
    def warranty_check(self, serial="", **kw):
        serial = serial.strip() if isinstance(serial, str) else ""
        # No serial holds control characters (and PostgreSQL refuses NUL).
        serial = serial if serial.isprintable() else "?"
        values = {"serial": serial, "result": None, "limited": False}
        if values["serial"]:
            if self._aftersales_check_limited():
                values["limited"] = True
                return request.render(
                    "aftersales_service.portal_warranty_check", values, status=429
                )
            result, warranty = self._aftersales_public_coverage(values["serial"])
            owner = request.env.user.partner_id.commercial_partner_id
            if (
                warranty
                and not request.env.user._is_public()
                and warranty.partner_id.commercial_partner_id == owner
            ):
                return request.redirect(warranty.get_portal_url())
            # Anyone else learns the coverage, never who owns the unit.
            values["result"] = result
        return request.render("aftersales_service.portal_warranty_check", values)

    def _aftersales_public_coverage(self, serial):
        """What the public may learn of a serial: whether this company (the
        website's) sold it, as one of its own products still on sale, and
        that unit's coverage today; a unit of another company, or of an
        archived or unsold product, is unknown. The result and the warranty
        in force (sudo, maybe empty)."""
        company = request.env.company
        published = [
            ("product_id.active", "=", True),
            ("product_id.sale_ok", "=", True),
            ("product_id.company_id", "in", [False, company.id]),
        ]
        warranties = request.env["aftersales.warranty"].sudo().with_company(company)
        layers = warranties.search(
            [("serial", "=", serial), ("company_id", "=", company.id), *published],
            order="date_end desc, id desc",
        )
        known = bool(layers) or bool(
            request.env["stock.lot"]
            .sudo()
            .search_count(
                [
                    ("name", "=", serial),
                    ("company_id", "in", [False, company.id]),
                    *published,
                ],
                limit=1,
            )
        )
        today = fields.Date.context_today(warranties)
        # The layer in force of the first unit, when the serial names several.
        unit = next(
            iter(layers.grouped(lambda w: (w.lot_id, w.product_id)).values()),
            warranties,
        )
        warranty = unit._in_force(today) if unit else warranties
        states = dict(warranties._fields["state"]._description_selection(request.env))
        return {
            "known": known,
            "coverage": warranty._coverage_on(today),
            "coverage_label": states.get(warranty.state) if warranty else False,
            "product": warranty.product_id.display_name if warranty else False,
            "date_end": warranty.date_end,
        }, warranty

    def _aftersales_check_limited(self):
        """Whether this visitor checked too many serials this minute. The
        visitor is the connection's address, which Odoo takes from
        X-Forwarded-For only in proxy_mode (behind a trusted proxy)."""
        limits = request.env["aftersales.rate.limit"]
        visitor = limits._visitor_key(request.httprequest.remote_addr)
        return limits._hit(f"warranty_check:{visitor}", CHECK_LIMIT, CHECK_WINDOW)
