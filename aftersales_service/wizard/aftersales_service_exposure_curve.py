# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError


class AftersalesServiceExposureCurve(models.TransientModel):
    """The R/1000 table: cumulative claims per 1,000 units by months in
    service, one row per sale month and one for them all (``_mis_curve``)."""

    _name = "aftersales.service.exposure.curve"
    _description = "Months-in-Service Table"

    product_id = fields.Many2one(comodel_name="product.product")
    product_categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category"
    )
    date_ref = fields.Date(
        string="Figures at the End of",
        default=fields.Date.context_today,
        help="The months up to this date's month; not in the future.",
    )
    table_html = fields.Html(
        string="R/1000", compute="_compute_table_html", sanitize=False
    )

    @api.depends("product_id", "product_categ_id", "date_ref")
    def _compute_table_html(self):
        exposure = self.env["aftersales.service.exposure"]
        for table in self:
            domain = []
            if table.product_id:
                domain.append(("product_id", "=", table.product_id.id))
            if table.product_categ_id:
                domain.append(
                    ("product_categ_id", "child_of", table.product_categ_id.id)
                )
            values = {"curves": [], "ages": [], "message": False}
            try:
                curves = exposure._mis_curve(domain, date_ref=table.date_ref)
            except UserError as error:
                values["message"] = error.args[0]
            else:
                overall = curves.pop(False)
                values["ages"] = [point[0] for point in overall]
                values["curves"] = [
                    (fields.Date.to_string(cohort), curve)
                    for cohort, curve in sorted(curves.items())
                ]
                if overall:
                    values["curves"].append((self.env._("All sale months"), overall))
            table.table_html = self.env["ir.qweb"]._render(
                "aftersales_service.aftersales_service_exposure_curve_table", values
            )
