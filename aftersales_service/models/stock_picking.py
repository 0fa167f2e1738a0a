# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, api, fields, models


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "aftersales.claim.document"]

    aftersales_leg = fields.Selection(
        selection=[
            ("receipt", "Item Received"),
            ("return", "Item Returned"),
            ("replacement", "Replacement Delivered"),
        ],
        string="Claim Leg",
        readonly=True,
        copy=False,
    )
    aftersales_loan_id = fields.Many2one(
        comodel_name="aftersales.loan",
        string="Loan",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        copy=False,
        help="The loan of a loaner unit this transfer hands over or takes back.",
    )
    aftersales_repair_id = fields.Many2one(
        comodel_name="repair.order",
        string="For Repair",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
        help="The repair whose missing parts this transfer brings.",
    )

    @api.model
    def _aftersales_create_unit_transfer(
        self, picking_type, source, destination, product, lot, partner, **vals
    ):
        """A confirmed transfer of one known unit of ``product`` (``lot``,
        empty for untracked products) for the claims and loans, whoever asks
        for it; ``vals`` completes the picking."""
        return self._aftersales_create_unit_transfers(
            [(picking_type, source, destination, product, lot, partner, vals)]
        )

    @api.model
    def _aftersales_create_unit_transfers(self, transfers):
        """The confirmed transfers of one known unit each (see
        _aftersales_create_unit_transfer), in one batch: ``transfers`` is a
        list of (picking_type, source, destination, product, lot, partner,
        vals); the pickings come back in that order."""
        if not transfers:
            return self.sudo().browse()
        pickings = self.sudo().create(
            [
                {
                    **self._prepare_aftersales_unit_transfer_vals(
                        picking_type, source, destination, product, partner
                    ),
                    **vals,
                }
                for picking_type, source, destination, product, __, partner, vals in (
                    transfers
                )
            ]
        )
        # The units are known: their move lines are written before
        # confirming, so that confirming reserves nothing more.
        self.env["stock.move.line"].sudo().create(
            [
                {
                    "move_id": picking.move_ids.id,
                    "picking_id": picking.id,
                    "product_id": product.id,
                    "product_uom_id": product.uom_id.id,
                    "lot_id": lot.id,
                    "quantity": 1,
                    "picked": True,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "company_id": picking_type.company_id.id,
                }
                for picking, (picking_type, source, destination, product, lot, *__) in (
                    zip(pickings, transfers, strict=True)
                )
            ]
        )
        pickings.action_confirm()
        return pickings

    @api.model
    def _prepare_aftersales_unit_transfer_vals(
        self, picking_type, source, destination, product, partner
    ):
        """The values of a transfer of one unit of ``product`` (see
        _aftersales_create_unit_transfer), its move included."""
        company = picking_type.company_id
        return {
            "picking_type_id": picking_type.id,
            "partner_id": partner.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": company.id,
            "move_ids": [
                Command.create(
                    {
                        "name": product.display_name,
                        "product_id": product.id,
                        "product_uom_qty": 1,
                        "product_uom": product.uom_id.id,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "company_id": company.id,
                        "picked": True,
                    }
                )
            ],
        }

    def _action_done(self):
        result = super()._action_done()
        for picking in self.filtered(
            lambda p: p.aftersales_loan_id and p.state == "done"
        ):
            picking.aftersales_loan_id.sudo()._on_transfer_done(picking)
        return result

    def action_cancel(self):
        result = super().action_cancel()
        # A loan whose delivery is cancelled never handed its unit over.
        self.aftersales_loan_id.sudo().filtered(
            lambda loan: loan.state == "draft" and loan.picking_out_id.state == "cancel"
        ).write({"state": "cancelled"})
        return result

    def _aftersales_validate(self):
        """Validate a claim's transfer of one known unit, whoever clicks: its
        move line is complete, so none of the validation wizards apply."""
        self.move_ids.picked = True
        self._action_done()
