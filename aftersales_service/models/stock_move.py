# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from odoo import fields, models

from .aftersales_warranty import LIVE_STATES

# Registration runs for the whole batch of done moves; it must not log a
# creation message or subscribe followers per warranty.
QUIET = {
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "tracking_disable": True,
}


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._aftersales_register_warranties()
        moves._aftersales_end_returned_warranties()
        return moves

    def _aftersales_register_warranties(self):
        """Register the warranties of the units these moves delivered to
        customers, in one batch."""
        # A claimed item going back to its owner keeps its warranty; a
        # replacement unit gets its own; a loaner unit gets none.
        deliveries = self.filtered(
            lambda m: (
                m.state == "done"
                and m.location_dest_id.usage == "customer"
                and m.location_id.usage != "customer"
                and m.picking_id.aftersales_leg != "return"
                and not m.picking_id.aftersales_loan_id
            )
        )
        if not deliveries:
            return self.env["aftersales.warranty"]
        warranties_model = self.env["aftersales.warranty"].sudo().with_context(**QUIET)
        move_lines = deliveries.move_line_ids.filtered(
            lambda ml: ml.picked and ml.quantity > 0
        )
        taken = set(
            warranties_model.search_fetch(
                [
                    ("lot_id", "in", move_lines.lot_id.ids),
                    ("state", "in", LIVE_STATES),
                ],
                ["lot_id", "warranty_type"],
            ).mapped(lambda w: (w.lot_id.id, w.warranty_type))
        )
        extensions = deliveries.sale_line_id.order_id._aftersales_extensions(
            raise_if_invalid=False
        )
        base_vals, extension_policies, skipped = [], [], defaultdict(list)
        cache = {}
        for move in deliveries:
            policy = move._aftersales_warranty_policy()
            if not policy:
                continue
            extension = extensions.get(move.sale_line_id)
            date_start = move._aftersales_warranty_start(policy)
            common_vals = move._prepare_aftersales_warranty_common_vals(
                policy, date_start, cache
            )
            for move_line in move.move_line_ids & move_lines:
                if (move_line.lot_id.id, policy.warranty_type) in taken and (
                    move.product_id.tracking == "serial"
                ):
                    skipped[move.picking_id].append(move_line.lot_id.name)
                    continue
                base_vals.append(
                    dict(
                        common_vals, **move._prepare_aftersales_warranty_vals(move_line)
                    )
                )
                extension_policies.append(extension)
        warranties = warranties_model._insert_registered(base_vals)
        extension_vals = [
            dict(
                warranty._prepare_extension_vals(),
                policy_id=line.aftersales_extended_policy_id.id,
                sale_line_id=line.id,
            )
            for warranty, line in zip(warranties, extension_policies, strict=True)
            if line
            and not (
                warranty.tracking == "serial"
                and (warranty.lot_id.id, "extended") in taken
            )
        ]
        warranties |= warranties_model.create(extension_vals)
        for picking, serials in skipped.items():
            picking.message_post(
                body=self.env._(
                    "No warranty registered for %(serials)s: already under an "
                    "active warranty of the same type.",
                    serials=", ".join(serials),
                )
            )
        return warranties

    def _aftersales_warranty_policy(self):
        """The terms of this move's units: those chosen on the sale line, else
        the product's; none if they belong to another company."""
        self.ensure_one()
        if self.sale_line_id:
            policy = self.sale_line_id.warranty_policy_id
        else:
            policy = self.product_id._get_warranty_policy()
        if policy.company_id and policy.company_id != self.company_id:
            return policy.browse()
        return policy

    def _aftersales_warranty_start(self, policy):
        """The delivery date, or the sale's invoice date for terms that start
        on the invoice (when already posted)."""
        self.ensure_one()
        if policy.start_trigger == "invoice":
            invoice_dates = self.sale_line_id.invoice_lines.move_id.filtered(
                lambda inv: inv.state == "posted" and inv.move_type == "out_invoice"
            ).mapped("invoice_date")
            if invoice_dates:
                return min(invoice_dates)
        return fields.Date.context_today(self, self.date)

    def _prepare_aftersales_warranty_common_vals(self, policy, date_start, cache):
        """Values shared by the warranties of this move's units. Every stored
        value is given, so that the batch is one INSERT (``cache`` keeps the
        legal profile and dealer look-ups of the batch)."""
        self.ensure_one()
        order = self.sale_line_id.order_id
        partner = order.partner_id or self.picking_id.partner_id or self.partner_id
        dealer_key = ("dealer", partner.commercial_partner_id, self.company_id)
        if dealer_key not in cache:
            cache[dealer_key] = (
                self.env["aftersales.dealer.contract"]
                ._active_for(partner, self.company_id)
                .partner_id
            )
        dealer = cache[dealer_key]
        return {
            "partner_id": partner.id,
            "dealer_id": dealer.id,
            "product_id": self.product_id.id,
            "tracking": self.product_id.tracking,
            "sale_line_id": self.sale_line_id.id,
            "sale_order_id": order.id,
            "picking_id": self.picking_id.id,
            "policy_id": policy.id,
            "warranty_type": policy.warranty_type,
            "legal_profile_id": self.env["aftersales.warranty"]
            ._find_legal_profile(policy, partner, self.company_id, cache)
            .id,
            "date_start": date_start,
            "date_end": policy._get_end_date(date_start),
            "company_id": self.company_id.id,
            "state": "active",
            "extension_days": 0,
        }

    def _prepare_aftersales_warranty_vals(self, move_line):
        """Values of the warranty of the unit(s) of ``move_line``."""
        return {
            "lot_id": move_line.lot_id.id,
            "serial": move_line.lot_id.name or False,
            "quantity": move_line.quantity_product_uom,
            "move_line_id": move_line.id,
        }

    def _aftersales_end_returned_warranties(self):
        """Void (or end, per the terms) the warranties of units the customer
        returned."""
        # An item received for a claim is not returned: its warranty stays;
        # a loaner coming back never had one.
        returns = self.filtered(
            lambda m: (
                m.state == "done"
                and m.location_id.usage == "customer"
                and m.location_dest_id.usage != "customer"
                and m.picking_id.aftersales_leg != "receipt"
                and not m.picking_id.aftersales_loan_id
            )
        )
        if not returns:
            return
        warranties_model = self.env["aftersales.warranty"].sudo()
        candidates = warranties_model.search(
            [
                ("state", "in", LIVE_STATES),
                ("parent_id", "=", False),
                "|",
                ("lot_id", "in", returns.move_line_ids.lot_id.ids),
                (
                    "move_line_id",
                    "in",
                    returns.origin_returned_move_id.move_line_ids.ids,
                ),
            ],
            order="date_start, id",
        )
        ended = defaultdict(lambda: warranties_model)
        for move in returns:
            returned = move._aftersales_returned_warranties(candidates)
            ended[fields.Date.context_today(self, move.date), move.picking_id] |= (
                returned
            )
            candidates -= returned
        for (date_return, picking), warranties in ended.items():
            warranties._end_on_return(date_return, picking)

    def _aftersales_returned_warranties(self, candidates):
        """Among ``candidates``, the warranties of the units this return moves
        back; a partial return of untracked units splits off what stays."""
        self.ensure_one()
        returned = candidates.browse()
        for move_line in self.move_line_ids.filtered("picked"):
            if move_line.lot_id and move_line.product_id.tracking == "serial":
                returned |= candidates.filtered(
                    lambda w, lot=move_line.lot_id: w.lot_id == lot
                )
                continue
            remaining = move_line.quantity_product_uom
            for warranty in candidates.filtered(
                lambda w, ml=move_line: (
                    w.product_id == ml.product_id
                    and w.lot_id == ml.lot_id
                    and w.move_line_id in self.origin_returned_move_id.move_line_ids
                )
            ):
                if remaining <= 0:
                    break
                if warranty.quantity > remaining:
                    returned |= warranty.copy(
                        {
                            "quantity": remaining,
                            "move_line_id": warranty.move_line_id.id,
                        }
                    )
                    warranty.quantity -= remaining
                    remaining = 0
                else:
                    returned |= warranty
                    remaining -= warranty.quantity
        return returned
