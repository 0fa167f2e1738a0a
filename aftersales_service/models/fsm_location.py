# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models

ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")


class FsmLocation(models.Model):
    _inherit = "fsm.location"

    @api.model
    def _aftersales_for_sites(self, sites):
        """{(address, owner): location} for ``sites``, (address, owner)
        pairs: the customer's site at a delivery address, found by its
        shipping address and owner, the missing ones created in one batch."""
        sites = set(sites)
        addresses = self.env["res.partner"].union(*(address for address, _ in sites))
        found = {}
        for location in self.sudo().search(
            [("shipping_address_id", "in", addresses.ids)], order="id"
        ):
            found.setdefault(
                (location.shipping_address_id, location.owner_id), location
            )
        missing = [site for site in sites if site not in found]
        if missing:
            created = self.sudo().create(
                [self._prepare_aftersales_location_vals(*site) for site in missing]
            )
            found.update(zip(missing, created, strict=True))
        return found

    @api.model
    def _prepare_aftersales_location_vals(self, address, owner):
        """A new site of ``owner`` at ``address``."""
        vals = {
            "name": address.name or owner.name,
            "owner_id": owner.id,
            "shipping_address_id": address.id,
            "phone": address.phone or owner.phone,
            "email": address.email or owner.email,
        }
        for name in ADDRESS_FIELDS:
            vals[name] = address[name].id if name.endswith("_id") else address[name]
        return vals
