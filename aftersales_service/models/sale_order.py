# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    aftersales_claim_id = fields.Many2one(
        comodel_name="aftersales.claim",
        string="Claim",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        help="The warranty claim this quotation (a paid repair) belongs to.",
    )
    aftersales_dealer_contract_id = fields.Many2one(
        comodel_name="aftersales.dealer.contract",
        string="Dealer Service Contract",
        compute="_compute_aftersales_dealer_contract_id",
        help="The active service contract of the dealer this order sells to: "
        "its units are registered with the dealer as their dealer.",
    )
    aftersales_dealer_service_terms = fields.Char(
        string="Dealer Service Terms",
        compute="_compute_aftersales_dealer_contract_id",
    )
    aftersales_warranty_count = fields.Integer(
        string="Warranties",
        compute="_compute_aftersales_warranty_count",
    )
    aftersales_fsm_order_ids = fields.One2many(
        comodel_name="fsm.order",
        inverse_name="aftersales_sale_order_id",
        string="On-Site Visits",
    )
    aftersales_fsm_order_count = fields.Integer(
        string="Visits",
        compute="_compute_aftersales_fsm_order_count",
    )
    aftersales_fsm_order_summary = fields.Char(
        string="On-Site Visits State",
        compute="_compute_aftersales_fsm_order_count",
        help="The order's on-site visits by stage, e.g. New: 1, Completed: 2.",
    )

    @api.depends("partner_id", "company_id")
    def _compute_aftersales_dealer_contract_id(self):
        contracts = self.env["aftersales.dealer.contract"]
        active = contracts._active_by_partner(self.partner_id, self.company_id)
        for order in self:
            contract = active.get(
                (order.partner_id.commercial_partner_id, order.company_id),
                contracts,
            )
            order.aftersales_dealer_contract_id = contract
            order.aftersales_dealer_service_terms = contract and self.env._(
                "Repairs within %(days)s days, labour at %(rate)s an hour, parts "
                "%(parts)s, until %(end)s",
                days=contract.service_days,
                rate=contract.labour_rate,
                parts=dict(
                    contract._fields["parts_mode"]._description_selection(self.env)
                )[contract.parts_mode].lower(),
                end=contract.date_end or self.env._("further notice"),
            )

    def _compute_aftersales_warranty_count(self):
        counts = dict(
            self.env["aftersales.warranty"]._read_group(
                [("sale_order_id", "in", self.ids)],
                groupby=["sale_order_id"],
                aggregates=["__count"],
            )
        )
        for order in self:
            order.aftersales_warranty_count = counts.get(order, 0)

    @api.depends("aftersales_fsm_order_ids")
    def _compute_aftersales_fsm_order_count(self):
        # Counting is no secret: sales staff see how many visits an order has.
        counts = {}
        for order, stage, count in (
            self.env["fsm.order"]
            .sudo()
            ._read_group(
                [("aftersales_sale_order_id", "in", self.ids)],
                groupby=["aftersales_sale_order_id", "stage_id"],
                aggregates=["__count"],
                order="aftersales_sale_order_id, stage_id",
            )
        ):
            counts.setdefault(order, []).append((stage, count))
        for order in self:
            stages = counts.get(order, [])
            order.aftersales_fsm_order_count = sum(count for __, count in stages)
            order.aftersales_fsm_order_summary = ", ".join(
                f"{stage.with_context(lang=self.env.lang).name}: {count}"
                for stage, count in stages
            )

    def action_confirm(self):
        self._aftersales_extensions()  # refuses extended warranties with no unit
        return super().action_confirm()

    def action_view_aftersales_warranties(self):
        self.ensure_one()
        return self.env["aftersales.warranty"]._action_open(
            [("sale_order_id", "=", self.id)],
            {"create": False},
        )

    def action_view_aftersales_fsm_orders(self):
        """The on-site visits of the order's units."""
        self.ensure_one()
        return self.env["aftersales.workflow.mixin"]._documents_action(
            self.aftersales_fsm_order_ids,
            self.name,
            "aftersales_service.aftersales_fsm_order_action",
            {"create": False},
        )

    def _aftersales_extensions(self, raise_if_invalid=True):
        """Map each order line with units to the extended-warranty line that
        extends it; refuse an extension with no unit, or a unit extended
        twice (without ``raise_if_invalid``, leave such extensions out)."""
        extensions = {}
        for order in self:
            for line in order.order_line.filtered("aftersales_extended_policy_id"):
                targets = line._aftersales_extended_targets()
                if not targets:
                    if not raise_if_invalid:
                        continue
                    raise UserError(
                        self.env._(
                            "The extended warranty %(product)s on %(order)s has no "
                            "unit to extend: add the product it covers to the "
                            "order, with warranty terms.",
                            product=line.product_id.display_name,
                            order=order.name,
                        )
                    )
                for target in targets:
                    if target in extensions:
                        if not raise_if_invalid:
                            continue
                        raise UserError(
                            self.env._(
                                "%(line)s on %(order)s is extended twice, by "
                                "%(first)s and %(second)s: attach each extended "
                                "warranty to its own line.",
                                line=target.product_id.display_name,
                                order=order.name,
                                first=extensions[target].product_id.display_name,
                                second=line.product_id.display_name,
                            )
                        )
                    extensions[target] = line
        return extensions
