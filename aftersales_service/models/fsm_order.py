# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, is_html_empty

from .aftersales_claim import OPEN_STATES
from .aftersales_warranty import COVERAGES

VISIT_TYPES = [
    ("commissioning", "Commissioning"),
    ("repair", "Repair"),
    ("maintenance", "Maintenance"),
    ("callout", "Call-Out"),
]
# Written by action_aftersales_sign only: the customer's signature on the spot.
SIGNATURE_FIELDS = frozenset(
    {"aftersales_signature", "aftersales_signed_by", "aftersales_signed_on"}
)


class FsmOrder(models.Model):
    _inherit = "fsm.order"

    aftersales_visit_type = fields.Selection(
        selection=VISIT_TYPES,
        string="Visit Type",
        index=True,
        tracking=True,
        help="What the after-sales visit is for; empty for field service "
        "orders outside the after-sales service.\n"
        "- Commissioning: installing and starting sold units at the customer's.\n"
        "- Repair: an on-site repair of a claim.\n"
        "- Maintenance: a periodic visit of a maintenance plan.\n"
        "- Call-Out: a paid visit at the customer's request.",
    )
    aftersales_claim_id = fields.Many2one(
        comodel_name="aftersales.claim",
        string="Claim",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        check_company=True,
        help="The warranty claim this visit repairs on site.",
    )
    aftersales_sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Sale Order",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The sale whose units this visit installs or maintains.",
    )
    aftersales_lot_ids = fields.Many2many(
        comodel_name="stock.lot",
        relation="fsm_order_aftersales_lot_rel",
        column1="order_id",
        column2="lot_id",
        string="Units",
        check_company=True,
        help="The serial numbers this visit works on (also listed as equipment).",
    )
    aftersales_commissioned_on = fields.Date(
        string="Commissioned On",
        tracking=True,
        copy=False,
        help="The day the units were put into service: their warranty starts "
        "on it when their terms start on commissioning.",
    )
    aftersales_signature = fields.Binary(
        string="Customer Signature",
        attachment=True,
        copy=False,
        readonly=True,
    )
    aftersales_signed_by = fields.Char(
        string="Signer Name", copy=False, readonly=True, tracking=True
    )
    aftersales_signed_on = fields.Datetime(
        string="Signature Date", copy=False, readonly=True, tracking=True
    )
    aftersales_revisit_of_id = fields.Many2one(
        comodel_name="fsm.order",
        string="Revisit Of",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        help="The earlier visit this one follows up.",
    )
    aftersales_dealer_id = fields.Many2one(
        comodel_name="res.partner",
        string="Dealer Service Point",
        index="btree_not_null",
        tracking=True,
        help="The dealer's service point that makes this visit.",
    )

    aftersales_revisit_ids = fields.One2many(
        comodel_name="fsm.order",
        inverse_name="aftersales_revisit_of_id",
        string="Revisits",
    )
    aftersales_picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Delivery",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        readonly=True,
        help="The delivery whose units this visit commissions.",
    )
    aftersales_coverage = fields.Selection(
        selection=COVERAGES,
        string="Coverage",
        compute="_compute_aftersales_coverage",
        help="The warranty coverage of the claim this visit repairs: under "
        "warranty, parts and labour are not charged to the customer.",
    )
    aftersales_parts_covered = fields.Float(
        string="Parts Covered (%)",
        compute="_compute_aftersales_coverage",
        digits=(5, 2),
        help="Share of the parts the warranty pays on this visit: the claim's "
        "warranty terms when the claim is under warranty, else none.",
    )
    aftersales_labour_covered = fields.Float(
        string="Labour Covered (%)",
        compute="_compute_aftersales_coverage",
        digits=(5, 2),
        help="Share of the labour the warranty pays on this visit: the claim's "
        "warranty terms when the claim is under warranty, else none.",
    )
    aftersales_customer_charged = fields.Boolean(
        string="Charged to the Customer",
        compute="_compute_aftersales_coverage",
        help="The customer pays (part of) the parts or labour of this visit.",
    )

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------

    @api.depends(
        "aftersales_visit_type",
        "aftersales_claim_id.coverage",
        "aftersales_claim_id.warranty_id.policy_id.parts_coverage",
        "aftersales_claim_id.warranty_id.policy_id.labour_coverage",
    )
    def _compute_aftersales_coverage(self):
        """The claim's coverage decides, on the server: the same rule as its
        workshop repair (see aftersales.claim._prepare_repair_vals)."""
        for visit in self:
            claim = visit.aftersales_claim_id.sudo()
            covered = claim.coverage == "in_warranty"
            policy = claim.warranty_id.policy_id
            visit.aftersales_coverage = claim.coverage
            visit.aftersales_parts_covered = policy.parts_coverage if covered else 0.0
            visit.aftersales_labour_covered = policy.labour_coverage if covered else 0.0
            # Commissioning and a claim's visit under full warranty are free;
            # call-outs and maintenance visits are priced by their sale.
            visit.aftersales_customer_charged = bool(
                visit.aftersales_visit_type in ("repair", "callout")
                and (
                    visit.aftersales_parts_covered < 100
                    or visit.aftersales_labour_covered < 100
                )
            )

    @api.constrains("aftersales_lot_ids", "location_id", "aftersales_visit_type")
    def _check_aftersales_units(self):
        """A visit works on units of the customer whose site it goes to; a
        commissioning visit on units delivered to that customer."""
        visits = self.filtered(
            lambda v: v.aftersales_visit_type and v.aftersales_lot_ids
        )
        if not visits:
            return
        owners = visits.aftersales_lot_ids._aftersales_owners()
        for visit in visits:
            customer = visit.location_id.owner_id.commercial_partner_id
            for lot in visit.aftersales_lot_ids:
                owner, delivered_on = owners[lot]
                if visit.aftersales_visit_type == "commissioning" and not delivered_on:
                    raise ValidationError(
                        self.env._(
                            "Visit %(visit)s: the unit %(serial)s was never "
                            "delivered to a customer (or came back): it cannot be "
                            "commissioned.",
                            visit=visit.name,
                            serial=lot.display_name,
                        )
                    )
                if owner and owner != customer:
                    raise ValidationError(
                        self.env._(
                            "Visit %(visit)s: the unit %(serial)s belongs to "
                            "%(owner)s, not to %(customer)s, whose site the visit "
                            "goes to.",
                            visit=visit.name,
                            serial=lot.display_name,
                            owner=owner.display_name,
                            customer=customer.display_name,
                        )
                    )

    @api.constrains("aftersales_commissioned_on", "aftersales_lot_ids")
    def _check_aftersales_commissioned_on(self):
        visits = self.filtered("aftersales_commissioned_on")
        if not visits:
            return
        today = fields.Date.context_today(self)
        owners = visits.aftersales_lot_ids._aftersales_owners()
        for visit in visits:
            day = visit.aftersales_commissioned_on
            if day > today:
                raise ValidationError(
                    self.env._(
                        "Visit %(visit)s: a unit cannot be commissioned in the "
                        "future (%(date)s).",
                        visit=visit.name,
                        date=day,
                    )
                )
            for lot in visit.aftersales_lot_ids:
                delivered_on = owners[lot][1]
                if delivered_on and day < delivered_on:
                    raise ValidationError(
                        self.env._(
                            "Visit %(visit)s: the unit %(serial)s was delivered on "
                            "%(delivered)s; it cannot be commissioned before "
                            "(%(date)s).",
                            visit=visit.name,
                            serial=lot.display_name,
                            delivered=delivered_on,
                            date=day,
                        )
                    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("aftersales_signing"):
            self._check_signature_fields(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get("aftersales_signing"):
            self._check_signature_fields([vals])
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_aftersales_claim(self):
        """The claim this visit repairs."""
        self.ensure_one()
        return self.env["aftersales.workflow.mixin"]._documents_action(
            self.aftersales_claim_id,
            self.aftersales_claim_id.name,
            "aftersales_service.aftersales_claim_action",
        )

    def action_complete(self):
        """Complete the visits: a claim's visit needs its report; then the
        commissioned units' warranties start and the claims whose last visit
        this is are closed through their own steps."""
        for visit in self.filtered(
            lambda v: v.aftersales_claim_id and v.aftersales_visit_type == "repair"
        ):
            if visit.aftersales_claim_id.state not in OPEN_STATES:
                raise UserError(
                    self.env._(
                        "Visit %(visit)s: its claim %(claim)s is closed.",
                        visit=visit.name,
                        claim=visit.aftersales_claim_id.name,
                    )
                )
            if is_html_empty(visit.resolution):
                raise UserError(
                    self.env._(
                        "Visit %(visit)s: write the report of the work done "
                        "(Resolution) before completing it: it closes the claim "
                        "%(claim)s.",
                        visit=visit.name,
                        claim=visit.aftersales_claim_id.name,
                    )
                )
        commissioning = self.filtered(
            lambda v: (
                v.aftersales_visit_type == "commissioning"
                and not v.aftersales_commissioned_on
            )
        )
        if commissioning:
            commissioning.aftersales_commissioned_on = fields.Date.context_today(self)
        result = super().action_complete()
        self._aftersales_start_warranties()
        self._aftersales_close_claims()
        return result

    def action_aftersales_revisit(self):
        """A follow-up visit of this one, to the same site and units, for the
        same claim: planned anew."""
        self.ensure_one()
        if self.aftersales_claim_id and self.aftersales_claim_id.state not in (
            OPEN_STATES
        ):
            raise UserError(
                self.env._(
                    "Visit %(visit)s: its claim %(claim)s is closed; open a new "
                    "claim rather than a revisit.",
                    visit=self.name,
                    claim=self.aftersales_claim_id.name,
                )
            )
        revisit = self.create(self._prepare_aftersales_revisit_vals())
        self.message_post(
            body=self.env._("Revisit %(visit)s planned.", visit=revisit.name)
        )
        return self._aftersales_form_action(revisit)

    def action_aftersales_sign(self, signature, name):
        """The customer signs the visit on the spot: ``signature`` (a base64
        image) and the signer's ``name``. A visit is signed once."""
        self.ensure_one()
        name = (name or "").strip()
        if not signature or not name:
            raise UserError(
                self.env._(
                    "Visit %(visit)s: give the signature and the name of the "
                    "person who signs.",
                    visit=self.name,
                )
            )
        self.check_access("write")
        # Two phones may send the signature at the same moment: the row is
        # locked so that the second one finds the first signature.
        self.env.cr.execute(
            SQL(
                "SELECT aftersales_signed_on FROM fsm_order WHERE id = %s FOR UPDATE",
                self.id,
            )
        )
        self.invalidate_recordset(["aftersales_signed_on", "aftersales_signed_by"])
        if self.aftersales_signed_on:
            raise UserError(
                self.env._(
                    "Visit %(visit)s is already signed by %(name)s on %(date)s: a "
                    "signature cannot be replaced.",
                    visit=self.name,
                    name=self.aftersales_signed_by,
                    date=fields.Datetime.to_string(self.aftersales_signed_on),
                )
            )
        if self.stage_id == self.env.ref("fieldservice.fsm_stage_cancelled"):
            raise UserError(
                self.env._(
                    "Visit %(visit)s is cancelled: it cannot be signed.",
                    visit=self.name,
                )
            )
        self.with_context(aftersales_signing=True).write(
            {
                "aftersales_signature": signature,
                "aftersales_signed_by": name,
                "aftersales_signed_on": fields.Datetime.now(),
            }
        )
        self.message_post(
            body=self.env._("Signed by %(name)s on site.", name=name),
        )
        return True

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _prepare_aftersales_revisit_vals(self):
        """The values of a follow-up visit of this one."""
        self.ensure_one()
        return {
            "aftersales_visit_type": self.aftersales_visit_type,
            "aftersales_revisit_of_id": self.id,
            "aftersales_claim_id": self.aftersales_claim_id.id,
            "aftersales_sale_order_id": self.aftersales_sale_order_id.id,
            "aftersales_lot_ids": [Command.set(self.aftersales_lot_ids.ids)],
            "aftersales_dealer_id": self.aftersales_dealer_id.id,
            "equipment_ids": [Command.set(self.equipment_ids.ids)],
            "location_id": self.location_id.id,
            "team_id": self.team_id.id,
            "person_id": self.person_id.id,
            "company_id": self.company_id.id,
            "description": self.resolution or self.description,
        }

    @api.model
    def _prepare_aftersales_defaults(self, company, location):
        """The stage and team of a visit the after-sales steps create for
        ``company``: fieldservice's own defaults look in the user's current
        company only, and its data belongs to the company it was installed
        in; another company's delivery or claim must still get its visit."""
        stages = self.env["fsm.stage"].sudo()
        stage = stages.search(
            [
                ("stage_type", "=", "order"),
                ("is_default", "=", True),
                ("company_id", "in", (company.id, False)),
            ],
            order="sequence, id",
            limit=1,
        ) or self.env.ref("fieldservice.fsm_stage_new")
        team = (
            location.team_id
            or self.env["fsm.team"]
            .sudo()
            .search(
                [("company_id", "in", (company.id, False))],
                order="sequence, id",
                limit=1,
            )
            or self.env.ref("fieldservice.fsm_team_default")
        )
        return {"stage_id": stage.id, "team_id": team.id}

    @api.model
    def _aftersales_form_action(self, visits):
        return self.env["aftersales.workflow.mixin"]._documents_action(
            visits,
            self.env._("On-Site Visits"),
            "aftersales_service.aftersales_fsm_order_action",
        )

    def _aftersales_start_warranties(self):
        """The completed commissioning visits start the warranties of their
        units that wait for it, on the commissioning date."""
        visits = self.filtered(
            lambda v: (
                v.aftersales_visit_type == "commissioning"
                and v.aftersales_commissioned_on
            )
        )
        if not visits:
            return
        self.env["aftersales.warranty"].sudo()._start_on_commissioning(
            [
                (
                    visit.aftersales_lot_ids,
                    visit.aftersales_picking_id,
                    visit.aftersales_commissioned_on,
                )
                for visit in visits
            ]
        )

    def _aftersales_close_claims(self):
        """Close the claims whose visits are all done: the unit was repaired
        on site (the claim's own steps: reception, repair, closing)."""
        claims = self.filtered(
            lambda v: v.aftersales_visit_type == "repair"
        ).aftersales_claim_id.filtered(lambda c: c.state in OPEN_STATES)
        if not claims:
            return
        open_visits = dict(
            self.env["fsm.order"]
            .sudo()
            ._read_group(
                [
                    ("aftersales_claim_id", "in", claims.ids),
                    ("is_closed", "=", False),
                ],
                groupby=["aftersales_claim_id"],
                aggregates=["__count"],
            )
        )
        claims.filtered(lambda c: not open_visits.get(c))._close_onsite()

    def _check_signature_fields(self, vals_list):
        """Refuse signature values written otherwise than by signing."""
        if SIGNATURE_FIELDS & {key for vals in vals_list for key in vals}:
            raise UserError(
                self.env._(
                    "The customer's signature is given with the Sign button "
                    "only; it cannot be written."
                )
            )
