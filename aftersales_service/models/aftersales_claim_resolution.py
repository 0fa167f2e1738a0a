# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The claim's resolutions: replacement, refund, price reduction."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .aftersales_claim import OPEN_STATES


class AftersalesClaimResolution(models.Model):
    # One file per concern, as Odoo core splits its large models.
    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    replacement_lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Replacement Unit",
        copy=False,
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )

    refund_amount = fields.Monetary(
        copy=False,
        help="Amount of the credit note of a refund or price reduction; "
        "empty for a refund of the full price.",
    )

    can_replace = fields.Boolean(compute="_compute_can_steps")
    can_refund = fields.Boolean(compute="_compute_can_steps")

    @api.depends("state", "replacement_lot_id")
    def _compute_can_steps(self):
        return super()._compute_can_steps()

    def action_replace(self):
        """Deliver a new unit (it gets its own warranty) and keep the old
        one: the claim is done."""
        self._check_step("replace", self.env._("replace the unit"))
        self._check_loans_back()
        self._check_covered_or_manager(self.env._("replace the unit"))
        missing = self.filtered(lambda c: not c.replacement_lot_id)[:1]
        if missing:
            raise UserError(
                self.env._(
                    "Choose the replacement unit of %(claim)s first.",
                    claim=missing.name,
                )
            )
        self._create_legs("replacement")._aftersales_validate()
        for claim in self:
            claim.warranty_id.sudo()._void(
                self.env._("Replaced through claim %(claim)s", claim=claim.name)
            )
        self._write_workflow({"resolution": "replaced"})
        return self.action_done()

    def action_refund(self):
        """A credit note on the customer invoice of the unit (the refund
        amount, or its full price): the claim is done."""
        self._lock_for_money()
        self._check_step("refund", self.env._("refund"))
        self._check_loans_back()
        self._check_covered_or_manager(self.env._("refund"))
        for claim in self:
            claim._create_credit_note()
        for claim in self:
            claim._write_workflow(
                {
                    "resolution": "price_reduced"
                    if claim.claim_type == "price_reduction"
                    else "refunded"
                }
            )
        return self.action_done()

    def _get_step_states(self):
        return {
            **super()._get_step_states(),
            "replace": ("received", "diagnosis", "in_repair", "ready"),
            "refund": OPEN_STATES,
        }

    def _can_step(self, step):
        if step == "replace" and not self.replacement_lot_id:
            return False
        return super()._can_step(step)

    def _check_covered_or_manager(self, verb):
        """Money and new goods for a unit out of its warranty are a
        manager's decision, taken on the coverage the server computed."""
        if self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            return
        for claim in self.filtered(lambda c: c.coverage != "in_warranty"):
            labels = dict(self._fields["coverage"]._description_selection(self.env))
            raise AccessError(
                self.env._(
                    "Claim %(claim)s is %(coverage)s: only an after-sales "
                    "administrator can %(verb)s it.",
                    claim=claim.name,
                    coverage=labels.get(claim.coverage, "").lower(),
                    verb=verb,
                )
            )

    def _lock_for_money(self):
        """Take these claims and the sale lines of their units for this
        transaction, then read them again: two refunds of one unit (two
        clicks, two users) run one after the other, and the second sees what
        the first did."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM aftersales_claim WHERE id IN %s ORDER BY id FOR UPDATE",
                tuple(self.ids),
            )
        )
        lines = self.sudo().warranty_id.sale_line_id
        if lines:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM sale_order_line WHERE id IN %s ORDER BY id "
                    "FOR UPDATE",
                    tuple(lines.ids),
                )
            )
        self.invalidate_recordset()
        self.env["account.move"].invalidate_model(["state", "amount_total"])

    def _create_credit_note(self):
        """Credit the unit's invoice (sudo: after-sales users need not be
        accountants; the amount is checked against what was invoiced)."""
        self.ensure_one()
        sale_line = self.warranty_id.sudo().sale_line_id
        invoice_lines = sale_line.invoice_lines.filtered(
            lambda line: (
                line.move_id.state == "posted"
                and line.move_id.move_type == "out_invoice"
            )
        )
        if not invoice_lines:
            raise UserError(
                self.env._(
                    "Claim %(claim)s: no posted customer invoice of the unit to "
                    "credit.",
                    claim=self.name,
                )
            )
        invoiced = sum(invoice_lines.mapped("price_total")) / (
            sum(invoice_lines.mapped("quantity")) or 1
        )
        already = sum(
            self.sudo()
            .search([("warranty_id.sale_line_id", "=", sale_line.id)])
            .invoice_ids.filtered(lambda m: m.state != "cancel")
            .mapped("amount_total")
        )
        amount = self.refund_amount or invoiced
        if amount + already > invoiced + 0.005:
            raise UserError(
                self.env._(
                    "Claim %(claim)s: refunding %(amount)s would exceed what the "
                    "unit was invoiced (%(invoiced)s, already refunded "
                    "%(already)s).",
                    claim=self.name,
                    amount=amount,
                    invoiced=invoiced,
                    already=already,
                )
            )
        return (
            self.env["account.move"]
            .sudo()
            .create(self._prepare_credit_note_vals(invoice_lines[0], amount))
        )

    def _prepare_credit_note_vals(self, invoice_line, amount):
        """The values of the claim's credit note of ``amount`` (taxes
        included, decided by the server) on the unit's ``invoice_line``."""
        self.ensure_one()
        line = invoice_line
        return {
            "move_type": "out_refund",
            "partner_id": line.move_id.partner_id.id,
            "reversed_entry_id": line.move_id.id,
            "invoice_origin": self.name,
            "aftersales_claim_id": self.id,
            "company_id": self.company_id.id,
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": self.product_id.id,
                        "name": self.env._(
                            "%(claim)s: %(product)s",
                            claim=self.name,
                            product=self.product_id.display_name,
                        ),
                        "quantity": 1,
                        "price_unit": amount
                        / (
                            1
                            + sum(
                                line.tax_ids.filtered(
                                    lambda t: (
                                        t.amount_type == "percent"
                                        and not t.price_include
                                    )
                                ).mapped("amount")
                            )
                            / 100
                        ),
                        "tax_ids": [(6, 0, line.tax_ids.ids)],
                    },
                )
            ],
        }
