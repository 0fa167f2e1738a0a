# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The public warranty check behind the warranty card's QR code."""

import ipaddress
import logging

from odoo import fields, http
from odoo.http import request
from odoo.tools import config

_logger = logging.getLogger(__name__)

# Public warranty checks per visitor (an IPv4 address or an IPv6 /64) and
# minute, counted in the database by every worker and server: enough to stop
# a script walking through serial numbers.
CHECK_LIMIT = 10
CHECK_WINDOW = 60

# Whether this process already said that Odoo seems to run behind a proxy
# without proxy_mode (said once: it holds for every request).
_proxy_warning_given = False


def _warn_if_proxy_without_proxy_mode(httprequest):
    """A request forwarded (X-Forwarded-For) by a machine of the local
    network, while Odoo trusts no proxy: most likely a proxy in front of an
    Odoo started without --proxy-mode. Every visitor then has the proxy's
    address, and shares one rate-limit budget with all the others. (From a
    public address the header is the visitor's own words: no warning.)"""
    global _proxy_warning_given  # pylint: disable=global-statement
    if (
        _proxy_warning_given
        or config["proxy_mode"]
        or not httprequest.headers.get("X-Forwarded-For")
    ):
        return
    try:
        local = not ipaddress.ip_address(httprequest.remote_addr or "").is_global
    except ValueError:
        return
    if local:
        _proxy_warning_given = True
        _logger.warning(
            "Requests reach Odoo through a proxy at %s (X-Forwarded-For), but "
            "Odoo runs without --proxy-mode: every visitor has the proxy's "
            "address, and the public warranty check's rate limit counts all of "
            "them as one visitor. Start Odoo with --proxy-mode behind a proxy.",
            httprequest.remote_addr,
        )


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
        _warn_if_proxy_without_proxy_mode(request.httprequest)
        limits = request.env["aftersales.rate.limit"]
        visitor = limits._visitor_key(request.httprequest.remote_addr)
        return limits._hit(f"warranty_check:{visitor}", CHECK_LIMIT, CHECK_WINDOW)
