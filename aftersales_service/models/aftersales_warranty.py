# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .aftersales_warranty_policy import WARRANTY_TYPES

# Filled in by the ORM on create; set by hand where warranties are inserted in
# bulk (see _insert_registered).
LOG_COLUMNS = ("create_uid", "create_date", "write_uid", "write_date")

# The states of a warranty that still counts: it covers the unit now or
# will (an extension that starts when the warranty it extends ends).
LIVE_STATES = ("upcoming", "active")

COVERAGES = [
    ("in_warranty", "In Warranty"),
    ("out_of_warranty", "Out of Warranty"),
    ("no_warranty", "No Warranty"),
    ("void", "Void"),
]


class AftersalesWarranty(models.Model):
    _name = "aftersales.warranty"
    _description = "Registered Warranty"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        help="The end customer who owns the unit.",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        required=True,
        index=True,
        domain="[('type', '=', 'consu')]",
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Lot/Serial",
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    serial = fields.Char(
        string="Serial Number",
        compute="_compute_serial",
        store=True,
        readonly=False,
        index="trigram",
        help="Serial or lot number of the unit. Typed in (or imported) with the "
        "product, it selects the unit's serial number.",
    )
    tracking = fields.Selection(
        selection=lambda self: (
            self.env["product.template"]._fields["tracking"].selection
        ),
        compute="_compute_source_copies",
        store=True,
        readonly=False,
    )
    quantity = fields.Float(
        default=1.0,
        help="Units covered: one for a serial number, the delivered quantity "
        "for lots and untracked products.",
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Sale Order Line",
        index="btree_not_null",
        ondelete="set null",
    )
    sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        compute="_compute_source_copies",
        store=True,
        readonly=False,
        index="btree_not_null",
    )
    move_line_id = fields.Many2one(
        comodel_name="stock.move.line",
        string="Delivery Line",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
    )
    picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Delivery",
        compute="_compute_source_copies",
        store=True,
        readonly=False,
    )
    dealer_id = fields.Many2one(
        comodel_name="res.partner",
        index="btree_not_null",
        tracking=True,
        help="The dealer who sold or services the unit.",
    )
    policy_id = fields.Many2one(
        comodel_name="aftersales.warranty.policy",
        string="Warranty Terms",
        required=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    warranty_type = fields.Selection(
        selection=WARRANTY_TYPES,
        string="Type",
        compute="_compute_source_copies",
        store=True,
        readonly=False,
        index=True,
    )
    legal_profile_id = fields.Many2one(
        comodel_name="aftersales.legal.profile",
        compute="_compute_legal_profile_id",
        store=True,
        readonly=False,
        ondelete="restrict",
    )
    parent_id = fields.Many2one(
        comodel_name="aftersales.warranty",
        string="Extends",
        index="btree_not_null",
        ondelete="cascade",
        help="The warranty this extended warranty follows.",
    )
    child_ids = fields.One2many(
        comodel_name="aftersales.warranty",
        inverse_name="parent_id",
        string="Extended By",
    )
    date_start = fields.Date(
        string="Start Date",
        compute="_compute_date_start",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        tracking=True,
        help="First day covered. An extended warranty starts the day after the "
        "warranty it extends ends.",
    )
    date_end = fields.Date(
        string="End Date",
        compute="_compute_date_end",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Last day covered: the start date plus the duration of the terms "
        "and the extension days, or the return date of a unit whose warranty "
        "ended on its return.",
    )
    extension_days = fields.Integer(
        tracking=True,
        help="Days added to the warranty, e.g. by repairs under the law.",
    )
    date_closed = fields.Date(
        string="Ended On",
        copy=False,
        readonly=True,
        help="Date of the customer return that ended the warranty.",
    )
    state = fields.Selection(
        selection=[
            ("upcoming", "Upcoming"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("void", "Void"),
        ],
        default="active",
        required=True,
        copy=False,
        readonly=True,
        tracking=True,
        index=True,
        help="- Upcoming: the warranty has not started yet (an extension that "
        "follows the warranty it extends).\n"
        "- Active: the unit is covered until the end date.\n"
        "- Expired: the end date has passed, or the warranty ended with a "
        "customer return.\n"
        "- Void: the warranty no longer counts (unit returned, registered by "
        "mistake, terms broken).",
    )
    void_reason = fields.Char(copy=False, tracking=True)
    date_void = fields.Date(
        string="Void Since",
        copy=False,
        readonly=True,
        help="The day the warranty became void: the unit counts as in service "
        "until then (claim analysis, months in service).",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    notes = fields.Html()

    # Which steps the form offers: the rule of each step's action.
    can_void = fields.Boolean(compute="_compute_can_steps")
    can_reactivate = fields.Boolean(compute="_compute_can_steps")

    _sql_constraints = [
        (
            "dates_ordered",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A warranty cannot end before it starts: check its start and end dates.",
        ),
        ("quantity_positive", "CHECK(quantity > 0)", "The quantity must be positive."),
    ]

    def init(self):
        # Serial look-ups (the warranty check, claims) are exact matches: a
        # b-tree answers them at once; the trigram index of the field serves
        # the "contains" searches of the search bar.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s (serial)",
                SQL.identifier("aftersales_warranty_serial_exact_index"),
                SQL.identifier(self._table),
            )
        )
        # A serial number carries at most one live (active or upcoming)
        # warranty of each type. Enforced in the database so that two users
        # registering the same serial at the same moment cannot both succeed;
        # the ORM's unique constraints have no WHERE clause, hence this
        # partial index. It replaces the index of active warranties only.
        self.env.cr.execute(
            SQL(
                "DROP INDEX IF EXISTS %s",
                SQL.identifier("aftersales_warranty_lot_type_active_uniq"),
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (lot_id, warranty_type) "
                "WHERE state IN ('upcoming', 'active') AND tracking = 'serial'",
                SQL.identifier("aftersales_warranty_lot_type_live_uniq"),
                SQL.identifier(self._table),
            )
        )

    # Copies of their sources, stored for the lists, the search and the
    # unique index. The delivery registration gives them in its create
    # values (no recompute, no second write); they follow their sources.
    @api.depends(
        "product_id.tracking",
        "sale_line_id.order_id",
        "move_line_id.picking_id",
        "policy_id.warranty_type",
    )
    def _compute_source_copies(self):
        for warranty in self:
            warranty.tracking = warranty.product_id.tracking
            warranty.sale_order_id = warranty.sale_line_id.order_id
            warranty.picking_id = warranty.move_line_id.picking_id
            warranty.warranty_type = warranty.policy_id.warranty_type

    @api.depends("lot_id.name")
    def _compute_serial(self):
        for warranty in self:
            warranty.serial = warranty.lot_id.name or warranty.serial

    @api.depends("parent_id.date_end")
    def _compute_date_start(self):
        today = fields.Date.context_today(self)
        for warranty in self:
            if warranty.parent_id.date_end:
                warranty.date_start = warranty.parent_id.date_end + timedelta(days=1)
            else:
                warranty.date_start = warranty.date_start or today

    @api.depends("policy_id.legal_profile_id", "partner_id.country_id", "company_id")
    def _compute_legal_profile_id(self):
        cache = {}
        for warranty in self:
            warranty.legal_profile_id = self._find_legal_profile(
                warranty.policy_id, warranty.partner_id, warranty.company_id, cache
            )

    @api.model
    def _find_legal_profile(self, policy, partner, company, cache=None):
        """The legal profile of a unit of ``partner`` under ``policy`` (see
        ``_choose_legal_profile``)."""
        return self._choose_legal_profile(policy, partner, company, cache)[0]

    @api.model
    def _choose_legal_profile(self, policy, partner, company, cache=None):
        """(profile, rule) of the law a unit of ``partner`` follows: the
        profile of the customer's country where the company has one (rule
        ``country``), else the one the terms name (``terms``), else the
        company's default (``company``). ``cache`` keeps the look-ups of a
        batch."""
        cache = {} if cache is None else cache
        country = partner.country_id or partner.commercial_partner_id.country_id
        key = (country, company)
        if key not in cache:
            cache[key] = (
                self.env["aftersales.legal.profile"].sudo()._find_for_country(*key)
            )
        if cache[key]:
            return cache[key], "country"
        if policy.legal_profile_id:
            return policy.legal_profile_id, "terms"
        profile = company.aftersales_legal_profile_id
        return profile, "company" if profile else False

    @api.depends(
        "date_start",
        "policy_id.duration",
        "policy_id.duration_unit",
        "extension_days",
        "date_closed",
    )
    def _compute_date_end(self):
        for warranty in self:
            if not (warranty.date_start and warranty.policy_id):
                warranty.date_end = False
                continue
            date_end = warranty.policy_id._get_end_date(
                warranty.date_start
            ) + timedelta(days=warranty.extension_days)
            if warranty.date_closed:
                date_end = min(date_end, warranty.date_closed)
            warranty.date_end = date_end

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for warranty in self:
            warranty.access_url = f"/my/warranties/{warranty.id}"
        return result

    @api.depends("product_id", "serial")
    def _compute_display_name(self):
        for warranty in self:
            product = warranty.product_id.display_name or ""
            warranty.display_name = (
                f"{product} ({warranty.serial})" if warranty.serial else product
            )

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for warranty in self.filtered("lot_id"):
            if warranty.lot_id.product_id != warranty.product_id:
                raise ValidationError(
                    self.env._(
                        "The serial number %(serial)s belongs to %(lot_product)s, "
                        "not to %(product)s.",
                        serial=warranty.lot_id.name,
                        lot_product=warranty.lot_id.product_id.display_name,
                        product=warranty.product_id.display_name,
                    )
                )

    @api.model
    def _check_units_free(self, units):
        """Refuse to activate a warranty on a serial number that already has
        a live one of the same type. ``units``: (lot, warranty type)
        pairs about to become live. Checked before writing, so that the
        user gets this message rather than the database's refusal."""
        serials = [
            (lot, kind) for lot, kind in units if lot.product_id.tracking == "serial"
        ]
        if not serials:
            return
        taken = {
            (warranty.lot_id, warranty.warranty_type)
            for warranty in self.search(
                [
                    ("lot_id", "in", [lot.id for lot, __ in serials]),
                    ("state", "in", LIVE_STATES),
                ]
            )
        }
        seen = set()
        for unit in serials:
            if unit in taken or unit in seen:
                lot, kind = unit
                types = dict(
                    self._fields["warranty_type"]._description_selection(self.env)
                )
                raise ValidationError(
                    self.env._(
                        "The serial number %(serial)s is already under an active "
                        "%(type)s.",
                        serial=lot.name,
                        type=types[kind].lower(),
                    )
                )
            seen.add(unit)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._resolve_serial(vals)
        lots = {
            lot.id: lot
            for lot in self.env["stock.lot"].browse(
                [vals["lot_id"] for vals in vals_list if vals.get("lot_id")]
            )
        }
        policies = {
            policy.id: policy
            for policy in self.env["aftersales.warranty.policy"].browse(
                [vals["policy_id"] for vals in vals_list if vals.get("policy_id")]
            )
        }
        self._check_units_free(
            [
                (lots[vals["lot_id"]], policies[vals["policy_id"]].warranty_type)
                for vals in vals_list
                if vals.get("lot_id")
                and vals.get("policy_id")
                and vals.get("state", "active") in LIVE_STATES
            ]
        )
        warranties = super().create(vals_list)
        warranties._sync_state_with_dates()
        return warranties

    def write(self, vals):
        # The day a warranty stops counting, for the units in service.
        if vals.get("state") == "void" and "date_void" not in vals:
            vals = dict(vals, date_void=fields.Date.context_today(self))
        elif vals.get("state") in LIVE_STATES and "date_void" not in vals:
            vals = dict(vals, date_void=False)
        if vals.get("serial") and "lot_id" not in vals:
            for warranty in self:
                warranty_vals = dict(vals, product_id=warranty.product_id.id)
                self._resolve_serial(warranty_vals)
                super(AftersalesWarranty, warranty).write(
                    {"lot_id": warranty_vals["lot_id"]}
                )
        result = super().write(vals)
        if {"date_start", "date_end", "extension_days", "policy_id"} & set(vals):
            self._sync_state_with_dates()
        return result

    @api.depends("state")
    def _compute_can_steps(self):
        for warranty in self:
            warranty.can_void = warranty._can_step("void")
            warranty.can_reactivate = warranty._can_step("reactivate")

    def _can_step(self, step):
        """Whether ``step`` (``void``, ``reactivate``) may run on this
        warranty: its button and its action both ask."""
        self.ensure_one()
        return (self.state == "void") == (step == "reactivate")

    def action_void(self):
        """Void the warranties (they no longer count), and the layers that
        extend them."""
        if not all(warranty._can_step("void") for warranty in self):
            raise UserError(self.env._("This warranty is already void."))
        self._void()
        return True

    def _void(self, reason=False):
        """Void these warranties (with ``reason``, if given) and their live
        extensions: an extension only prolongs the warranty it extends, so it
        cannot cover a unit whose warranty is void. Each extension says so;
        reactivating a warranty leaves its extensions for the manager to
        reactivate one by one."""
        extensions = self.child_ids.filtered(lambda w: w.state in LIVE_STATES) - self
        self.write({"state": "void", **({"void_reason": reason} if reason else {})})
        for extension in extensions:
            extension.write(
                {
                    "state": "void",
                    "void_reason": self.env._(
                        "The warranty it extends (%(warranty)s) is void.",
                        warranty=extension.parent_id.display_name,
                    ),
                }
            )

    def _resell_to(self, customer):
        """The dealer resold these units: their warranties (and the layers
        that extend them) now belong to ``customer``, the dealer stays."""
        for warranty in self:
            if not warranty.dealer_id or (
                warranty.partner_id.commercial_partner_id
                != warranty.dealer_id.commercial_partner_id
            ):
                raise UserError(
                    self.env._(
                        "%(unit)s is not a dealer's unsold unit: its owner is "
                        "%(owner)s.",
                        unit=warranty.display_name,
                        owner=warranty.partner_id.display_name,
                    )
                )
        units = self | self.child_ids
        units.sudo().write({"partner_id": customer.id})
        for warranty in self:
            warranty.message_post(
                body=self.env._(
                    "Resold by %(dealer)s to %(customer)s.",
                    dealer=warranty.dealer_id.display_name,
                    customer=customer.display_name,
                )
            )
        return True

    def action_reactivate(self):
        """Give void warranties back their coverage (a void made by mistake)."""
        if not all(warranty._can_step("reactivate") for warranty in self):
            raise UserError(self.env._("Only a void warranty can be reactivated."))
        self._check_units_free([(w.lot_id, w.warranty_type) for w in self if w.lot_id])
        self.write({"state": "active", "void_reason": False})
        self._sync_state_with_dates()
        return True

    @api.model
    def check_serial(self, serial, product_id=None):
        """Coverage of the unit with this serial number, for buttons and RPC.

        Returns a dict: ``coverage`` (``in_warranty``, ``out_of_warranty``,
        ``no_warranty`` or ``void``), ``known`` (the serial exists), the
        current layer's ``warranty_id``, ``policy``, ``warranty_type``,
        ``date_start`` and ``date_end`` (ISO dates), and ``layers``: every
        warranty of the unit, newest first.
        """
        serial = (serial or "").strip()
        domain = [("serial", "=", serial)]
        if product_id:
            domain.append(("product_id", "=", product_id))
        warranties = self.search(domain, order="date_end desc, id desc")
        # Whether the serial exists is no secret; who owns it is.
        lot_domain = [
            ("name", "=", serial),
            ("company_id", "in", [*self.env.companies.ids, False]),
        ]
        if product_id:
            lot_domain.append(("product_id", "=", product_id))
        result = {
            "serial": serial,
            "known": bool(warranties)
            or bool(
                serial
                and self.env["stock.lot"].sudo().search_count(lot_domain, limit=1)
            ),
            "coverage": "no_warranty",
            "warranty_id": False,
            "product": False,
            "policy": False,
            "warranty_type": False,
            "date_start": False,
            "date_end": False,
            "layers": [warranty._coverage_values() for warranty in warranties],
        }
        # Per unit: the layer in force today, the first unit's when the
        # serial names several (of several products).
        for unit in warranties.grouped(lambda w: (w.lot_id, w.product_id)).values():
            current = unit._in_force(fields.Date.context_today(self))
            result.update(
                current._coverage_values(),
                coverage=current._coverage_on(fields.Date.context_today(self)),
            )
            break
        return result

    def _in_force(self, day):
        """The layer of these warranties (the layers of one unit) that
        covers ``day``: the one whose dates hold it (the base warranty before
        its extension; an extension that has not started is not in force);
        else the last one that ended before it; else the first one to start;
        void layers only when no other is left."""
        valid = self.filtered(lambda w: w.state != "void") or self
        holding = valid.filtered(
            lambda w: (
                w.state != "void"
                and w.date_start <= day
                and (not w.date_end or day <= w.date_end)
            )
        )
        if holding:
            return holding.sorted(lambda w: (bool(w.parent_id), w.date_start, w.id))[:1]
        ended = valid.filtered(lambda w: w.date_end and w.date_end < day)
        if ended:
            return ended.sorted(lambda w: (w.date_end, w.id))[-1:]
        return valid.sorted(lambda w: (w.date_start, w.id))[:1]

    def _coverage_on(self, day):
        """This layer's coverage of a claim made on ``day``."""
        if not self:
            return "no_warranty"
        self.ensure_one()
        if self.state == "void":
            return "void"
        if day < self.date_start:
            return "out_of_warranty"  # not covered yet on that day
        if self.date_end and day > self.date_end:
            return "out_of_warranty"
        if self.state == "expired" and not self.date_end:
            return "out_of_warranty"
        return "in_warranty"

    def _coverage_values(self):
        self.ensure_one()
        return {
            "warranty_id": self.id,
            "product": self.product_id.display_name,
            "policy": self.policy_id.name,
            "warranty_type": self.warranty_type,
            "state": self.state,
            "date_start": fields.Date.to_string(self.date_start),
            "date_end": fields.Date.to_string(self.date_end),
        }

    @api.model
    def _cron_expire(self, batch_size=5000):
        """Move active warranties whose end date is past to expired, and
        upcoming ones whose start date has come to active, one batch per
        call; the cron runs again while some remain."""
        today = fields.Date.context_today(self)
        domain = [
            "|",
            "&",
            ("state", "=", "active"),
            ("date_end", "<", today),
            "&",
            "&",
            ("state", "=", "upcoming"),
            ("date_start", "<=", today),
            ("awaiting_commissioning", "=", False),
        ]
        warranties = self.search_fetch(
            domain,
            [
                "state",
                "date_start",
                "date_end",
                "date_closed",
                "awaiting_commissioning",
            ],
            limit=batch_size,
            order="id",
        )
        # No chatter line per change: the state says it.
        warranties.with_context(tracking_disable=True)._sync_state_with_dates()
        remaining = self.search_count(domain) if len(warranties) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(warranties), remaining=remaining)
        return len(warranties)

    @api.model
    def _action_open(self, domain, context=None):
        """The warranties action, narrowed to ``domain``: for stat buttons."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_warranty_action"
        )
        action.update(domain=domain, context=context or {})
        return action

    def _prepare_extension_vals(self):
        """Values of an extended warranty that follows this one (its terms to
        be added by the caller)."""
        self.ensure_one()
        return {
            "parent_id": self.id,
            "partner_id": self.partner_id.id,
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "quantity": self.quantity,
            "move_line_id": self.move_line_id.id,
            "dealer_id": self.dealer_id.id,
            "company_id": self.company_id.id,
        }

    @api.model
    def _insert_registered(self, vals_list):
        """Insert the warranties a delivery registers, in one statement.

        The issue asks a delivery of 1,000 serial units to cost at most 10%
        more with the registration than without it. ``create()`` spends more
        than that in Python per record (defaults, company checks, cache), so
        the delivery inserts the rows directly. The callers give every stored
        value; tracking and followers are off for registrations anyway. A key
        missing from some values is empty there. What ``create()`` would
        refuse is still refused, in batch: the model's constraints on the
        columns written and the companies of the links run on the new rows,
        and the partial unique index refuses a unit registered twice. This
        is the only place that writes warranties without the ORM."""
        if not vals_list:
            return self.browse()
        columns = list(dict.fromkeys(name for vals in vals_list for name in vals))
        fields_ = [self._fields[name] for name in columns]
        # A non-stored or translated field would need the ORM: refuse early.
        assert all(
            field.store and field.column_type and not field.translate
            for field in fields_
        ), columns
        self.env.flush_all()
        log_values = [self.env.uid, self.env.cr.now()] * 2
        rows = SQL(", ").join(
            SQL(
                "(%s)",
                SQL(", ").join(
                    [
                        field.convert_to_column_insert(vals.get(field.name), self)
                        for field in fields_
                    ]
                    + log_values
                ),
            )
            for vals in vals_list
        )
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) VALUES %s RETURNING id",
                SQL.identifier(self._table),
                SQL(", ").join(
                    SQL.identifier(name) for name in [*columns, *LOG_COLUMNS]
                ),
                rows,
            )
        )
        warranties = self.browse(row[0] for row in self.env.cr.fetchall())
        # What the ORM would do after its own insert: the cached lists of
        # warranties (a unit's, an extended warranty's) miss the new rows, and
        # what depends on the new values must be recomputed.
        for field in fields_:
            for inverse in self.pool.field_inverses[field]:
                self.env[inverse.model_name].invalidate_model([inverse.name])
        with self.env.protecting(fields_, warranties):
            warranties.modified(columns, create=True)
        warranties._validate_fields(columns)
        warranties._check_company(columns)
        # Terms that started on an old invoice may already be over; an
        # extension starts later.
        today = fields.Date.context_today(self)
        warranties.browse(
            warranty_id
            for warranty_id, vals in zip(warranties.ids, vals_list, strict=True)
            if (vals.get("date_end") and fields.Date.to_date(vals["date_end"]) < today)
            or (
                vals.get("date_start")
                and fields.Date.to_date(vals["date_start"]) > today
            )
        )._sync_state_with_dates()
        return warranties

    def _end_on_return(self, date_return, picking):
        """The customer returned these units: void or end their warranties
        (and the warranties that extend them), as their terms say."""
        warranties = self | self.child_ids.filtered(lambda w: w.state in LIVE_STATES)
        # A warranty that has not started yet (an extension) cannot end: void.
        voided = warranties.filtered(
            lambda w: w.policy_id.return_action == "void" or w.date_start > date_return
        )
        voided.write(
            {
                "state": "void",
                "void_reason": self.env._(
                    "Returned by the customer (%(picking)s)", picking=picking.name
                ),
            }
        )
        (warranties - voided).write({"date_closed": date_return, "state": "expired"})

    def _sync_state_with_dates(self):
        """Give the warranties that count the state their dates tell today:
        upcoming before the start date, expired after the end date (or once
        the unit was returned), active in between. Void ones stay void."""
        today = fields.Date.context_today(self)
        by_state = defaultdict(lambda: self.browse())
        for warranty in self.filtered(lambda w: w.state != "void"):
            if warranty.date_closed or (
                warranty.date_end and warranty.date_end < today
            ):
                state = "expired"
            elif warranty.date_start and warranty.date_start > today:
                state = "upcoming"
            else:
                state = "active"
            if state != warranty.state:
                by_state[state] |= warranty
        for state, warranties in by_state.items():
            warranties.write({"state": state})

    @api.model
    def _resolve_serial(self, vals):
        """Turn a typed or imported serial into the unit's ``lot_id``."""
        serial = (vals.get("serial") or "").strip()
        if not serial or vals.get("lot_id"):
            return
        product = self.env["product.product"].browse(vals.get("product_id"))
        if not product:
            raise UserError(
                self.env._(
                    "Choose the product of the serial number %(serial)s.", serial=serial
                )
            )
        lots = self.env["stock.lot"].search([("name", "=", serial)])
        lot = lots.filtered(lambda lot: lot.product_id == product)[:1]
        if not lot:
            if lots:
                raise UserError(
                    self.env._(
                        "The serial number %(serial)s belongs to %(other)s, not "
                        "to %(product)s.",
                        serial=serial,
                        other=lots[0].product_id.display_name,
                        product=product.display_name,
                    )
                )
            raise UserError(
                self.env._(
                    "Unknown serial number %(serial)s for %(product)s.",
                    serial=serial,
                    product=product.display_name,
                )
            )
        vals["lot_id"] = lot.id
