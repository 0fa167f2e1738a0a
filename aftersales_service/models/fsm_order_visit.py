# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class FsmOrder(models.Model):
    """The technician's work on site: time, checklist, parts from the van."""

    # One file per concern, as Odoo core splits its large models.
    _inherit = "fsm.order"  # pylint: disable=consider-merging-classes-inherited

    aftersales_checklist_ids = fields.One2many(
        "aftersales.visit.checklist", "order_id", string="Checklist"
    )
    aftersales_part_ids = fields.One2many(
        "aftersales.visit.part", "order_id", string="Parts Used"
    )

    aftersales_unit_history = fields.Html(
        string="Unit History",
        compute="_compute_aftersales_unit_history",
        sanitize=False,
        help="The warranties, earlier claims and earlier visits of the units.",
    )

    def _compute_aftersales_unit_history(self):
        # Sudo: the technician reads the history of the units they visit,
        # not the claims and warranties themselves.
        lots = self.sudo().aftersales_lot_ids
        warranties = (
            self.env["aftersales.warranty"]
            .sudo()
            .search([("lot_id", "in", lots.ids)], order="date_start desc")
        )
        claims = (
            self.env["aftersales.claim"]
            .sudo()
            .search([("lot_id", "in", lots.ids)], order="date_claim desc, id desc")
        )
        visits = self.sudo().search(
            [("aftersales_lot_ids", "in", lots.ids)],
            order="scheduled_date_start desc, id desc",
        )
        for order in self:
            units = order.sudo().aftersales_lot_ids
            if not units:
                order.aftersales_unit_history = False
                continue
            html = Markup()
            for lot in units:
                html += Markup("<h5>%s: %s</h5><ul>") % (
                    lot.product_id.display_name,
                    lot.name,
                )
                for warranty in warranties.filtered(lambda w, lot=lot: w.lot_id == lot):
                    html += Markup("<li>%s: %s, %s - %s</li>") % (
                        self.env._("Warranty"),
                        warranty.display_name,
                        warranty.date_start or "",
                        warranty.date_end or "",
                    )
                for claim in claims.filtered(lambda c, lot=lot: c.lot_id == lot):
                    html += Markup("<li>%s: %s, %s, %s</li>") % (
                        self.env._("Claim"),
                        claim.name,
                        claim.date_claim or "",
                        dict(claim._fields["state"]._description_selection(self.env))[
                            claim.state
                        ],
                    )
                for visit in visits.filtered(
                    lambda v, lot=lot, order=order: (
                        lot in v.aftersales_lot_ids and v.id != order.id
                    )
                ):
                    html += Markup("<li>%s: %s, %s, %s</li>") % (
                        self.env._("Visit"),
                        visit.name,
                        visit.scheduled_date_start or visit.date_start or "",
                        visit.stage_id.name,
                    )
                html += Markup("</ul>")
            order.aftersales_unit_history = html

    def action_aftersales_start(self):
        """The technician arrives: the actual start, and the checklist of
        the visit type."""
        if started := self.filtered("date_start"):
            raise UserError(
                self.env._(
                    "The visit %(orders)s has already started.",
                    orders=", ".join(started.mapped("name")),
                )
            )
        self.write({"date_start": fields.Datetime.now()})
        self._aftersales_fill_checklist()
        return True

    def action_aftersales_stop(self):
        """The technician leaves: the actual end; the time spent follows."""
        if not_started := self.filtered(lambda order: not order.date_start):
            raise UserError(
                self.env._(
                    "The visit %(orders)s has not started.",
                    orders=", ".join(not_started.mapped("name")),
                )
            )
        if stopped := self.filtered("date_end"):
            raise UserError(
                self.env._(
                    "The visit %(orders)s has already ended.",
                    orders=", ".join(stopped.mapped("name")),
                )
            )
        self.write({"date_end": fields.Datetime.now()})
        return True

    def action_aftersales_use_parts(self):
        """Take the parts noted on the visits out of the technician's van:
        one done stock move per part, to the customer."""
        self.check_access("write")
        parts = self.aftersales_part_ids.filtered(lambda part: part.state == "draft")
        if not parts:
            raise UserError(self.env._("There is no part to use on this visit."))
        parts._check_van()
        self._aftersales_check_van_stock(parts)
        # Sudo: technicians have no stock rights of their own; what they may
        # move is checked above (their visit, their van, what is in it).
        moves = (
            self.env["stock.move"]
            .sudo()
            .create([part._prepare_aftersales_move_vals() for part in parts])
        )
        moves._action_confirm(merge=False)
        moves.picked = True
        moves._action_done()
        for part, move in zip(parts, moves, strict=True):
            part.sudo().write({"move_id": move.id, "state": "done"})
        return True

    def _aftersales_check_van_stock(self, parts):
        """Refuse parts the van does not hold."""
        needed = defaultdict(float)
        for part in parts:
            if part.tracking != "none" and not part.lot_id:
                raise UserError(
                    self.env._(
                        "Give the lot or serial number of %(product)s.",
                        product=part.product_id.display_name,
                    )
                )
            needed[(part.product_id, part.location_id, part.lot_id)] += part.quantity
        quants = self.env["stock.quant"].sudo()
        for (product, location, lot), quantity in needed.items():
            available = quants._get_available_quantity(
                product, location, lot_id=lot or None, strict=bool(lot)
            )
            if (
                float_compare(
                    available, quantity, precision_rounding=product.uom_id.rounding
                )
                < 0
            ):
                raise UserError(
                    self.env._(
                        "The van %(location)s holds %(available)s of %(product)s, "
                        "not %(quantity)s.",
                        location=location.display_name,
                        available=available,
                        product=product.display_name,
                        quantity=quantity,
                    )
                )

    def _aftersales_fill_checklist(self):
        """The checks of each visit's type, once per visit."""
        templates = (
            self.env["aftersales.visit.checklist.template"]
            .sudo()
            .search([("company_id", "in", [False, *self.company_id.ids])])
        )
        vals_list = []
        for order in self.filtered(lambda order: not order.aftersales_checklist_ids):
            for template in templates.filtered(
                lambda template, order=order: (
                    template.visit_type == order.aftersales_visit_type
                    and template.company_id in (order.company_id, order.company_id[:0])
                )
            ):
                vals_list += [
                    {
                        "order_id": order.id,
                        "sequence": line.sequence,
                        "name": line.with_context(lang=order.env.lang).name,
                        "kind": line.kind,
                        "uom": line.uom,
                    }
                    for line in template.line_ids
                ]
        self.env["aftersales.visit.checklist"].sudo().create(vals_list)
