# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_reserve_journal_id = fields.Many2one(
        related="company_id.aftersales_reserve_journal_id", readonly=False
    )
    aftersales_reserve_expense_account_id = fields.Many2one(
        related="company_id.aftersales_reserve_expense_account_id", readonly=False
    )
    aftersales_reserve_account_id = fields.Many2one(
        related="company_id.aftersales_reserve_account_id", readonly=False
    )
    aftersales_legal_profile_id = fields.Many2one(
        related="company_id.aftersales_legal_profile_id",
        readonly=False,
    )
    aftersales_repair_days = fields.Integer(
        related="company_id.aftersales_repair_days",
        readonly=False,
    )
    aftersales_manager_id = fields.Many2one(
        related="company_id.aftersales_manager_id",
        readonly=False,
    )
    aftersales_responsible_id = fields.Many2one(
        related="company_id.aftersales_responsible_id",
        readonly=False,
    )
    aftersales_portal_ticket = fields.Boolean(
        related="company_id.aftersales_portal_ticket",
        readonly=False,
    )
    aftersales_rating_request = fields.Boolean(
        related="company_id.aftersales_rating_request",
        readonly=False,
    )
    aftersales_notify_received = fields.Boolean(
        related="company_id.aftersales_notify_received",
        readonly=False,
    )
    aftersales_notify_item_received = fields.Boolean(
        related="company_id.aftersales_notify_item_received",
        readonly=False,
    )
    aftersales_notify_quotation = fields.Boolean(
        related="company_id.aftersales_notify_quotation",
        readonly=False,
    )
    aftersales_notify_ready = fields.Boolean(
        related="company_id.aftersales_notify_ready",
        readonly=False,
    )
    aftersales_notify_done = fields.Boolean(
        related="company_id.aftersales_notify_done",
        readonly=False,
    )
    aftersales_notify_rejected = fields.Boolean(
        related="company_id.aftersales_notify_rejected",
        readonly=False,
    )
    aftersales_extended_warranty_margin = fields.Float(
        related="company_id.aftersales_extended_warranty_margin",
        readonly=False,
    )
    aftersales_loaner_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Loaner Location",
        compute="_compute_aftersales_loaner_location_id",
        inverse="_inverse_aftersales_loaner_location_id",
        domain="[('usage', '=', 'internal'), ('company_id', '=', company_id)]",
        help="Where the company's main warehouse keeps its loaner units.",
    )

    @api.depends("company_id")
    def _compute_aftersales_loaner_location_id(self):
        for settings in self:
            warehouse = settings.company_id._aftersales_warehouse()
            settings.aftersales_loaner_location_id = (
                warehouse.aftersales_loaner_location_id
            )

    def _inverse_aftersales_loaner_location_id(self):
        for settings in self:
            warehouse = settings.company_id._aftersales_warehouse()
            if warehouse and settings.aftersales_loaner_location_id:
                warehouse.aftersales_loaner_location_id = (
                    settings.aftersales_loaner_location_id
                )
