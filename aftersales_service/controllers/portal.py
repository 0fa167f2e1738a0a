# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import SUPERUSER_ID, fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import format_date, formatLang, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import CustomerPortal, pager

from ..models.aftersales_claim import OPEN_STATES
from ..models.aftersales_claim_deadline import MONEY_CLAIMS

# Photos and documents a customer may attach to a claim.
UPLOAD_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}
UPLOAD_MAX_BYTES = 5 * 1024 * 1024
UPLOAD_MAX_FILES = 5
SYMPTOM_MAX_CHARS = 5000
# Claims a portal customer may send per hour.
CLAIM_LIMIT = 10
CLAIM_WINDOW = 3600


class AftersalesPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        partner = request.env.user.partner_id
        for counter, model, domain in (
            (
                "aftersales_warranty_count",
                "aftersales.warranty",
                self._prepare_aftersales_warranties_domain(partner),
            ),
            (
                "aftersales_claim_count",
                "aftersales.claim",
                self._prepare_aftersales_claims_domain(partner),
            ),
        ):
            if counter in counters:
                records = request.env[model]
                values[counter] = (
                    records.search_count(domain) if records.has_access("read") else 0
                )
        if values.get("aftersales_warranty_count"):
            # The units, as the list shows them: not each of their layers.
            layers = request.env["aftersales.warranty"].search(
                self._prepare_aftersales_warranties_domain(partner)
            )
            values["aftersales_warranty_count"] = len(
                self._aftersales_units(layers.sudo())
            )
        return values

    def _aftersales_domain(self, partner):
        """The records of ``partner``'s company: what the portal lists
        (their record rules keep others out as well)."""
        return [("partner_id", "child_of", [partner.commercial_partner_id.id])]

    def _prepare_aftersales_warranties_domain(self, partner):
        """The warranties the portal lists and counts for ``partner``."""
        return self._aftersales_domain(partner)

    def _prepare_aftersales_claims_domain(self, partner):
        """The claims the portal lists and counts for ``partner``."""
        return self._aftersales_domain(partner)

    def _get_aftersales_warranties_searchbar_sortings(self):
        """The sortings of the units' list: a key on each unit's values."""
        return {
            "date_start": {
                "label": request.env._("Newest"),
                "key": lambda unit: unit["since"],
                "reverse": True,
            },
            "date_end": {
                "label": request.env._("End Date"),
                "key": lambda unit: unit["until"] or fields.Date.to_date("9999-12-31"),
                "reverse": False,
            },
            "product": {
                "label": request.env._("Product"),
                "key": lambda unit: unit["warranty"].product_id.display_name or "",
                "reverse": False,
            },
        }

    def _get_aftersales_warranties_searchbar_inputs(self):
        """The searches of the units' list, each with its domain."""
        return {
            "serial": {
                "input": "serial",
                "label": request.env._("Search in Serial Number"),
                "domain": lambda term: [("serial", "ilike", term)],
            },
            "product": {
                "input": "product",
                "label": request.env._("Search in Product"),
                "domain": lambda term: [
                    (
                        "product_id",
                        "in",
                        request.env["product.product"]
                        .sudo()
                        ._search([("name", "ilike", term)]),
                    )
                ],
            },
        }

    def _get_aftersales_claims_searchbar_sortings(self):
        """The sortings of the claims' list, each with its order."""
        return {
            "date": {
                "label": request.env._("Newest"),
                "order": "date_claim desc, id desc",
            },
            "name": {"label": request.env._("Number"), "order": "name desc"},
            "state": {"label": request.env._("Status"), "order": "state, id desc"},
        }

    def _get_aftersales_claims_searchbar_inputs(self):
        """The searches of the claims' list, each with its domain."""
        return {
            "name": {
                "input": "name",
                "label": request.env._("Search in Number"),
                "domain": lambda term: [("name", "ilike", term)],
            },
            "serial": {
                "input": "serial",
                "label": request.env._("Search in Serial Number"),
                "domain": lambda term: [("serial", "ilike", term)],
            },
        }

    # ------------------------------------------------------------------
    # Lists
    # ------------------------------------------------------------------

    def _aftersales_search_values(
        self, url, sortings, searches, sortby, search, search_in, domain=None
    ):
        """The customer's ``domain`` (by default their company's records)
        with the search of the search bar, and the values of the search
        bar."""
        if domain is None:
            domain = self._aftersales_domain(request.env.user.partner_id)
        domain = list(domain)
        sortby = sortby if sortby in sortings else next(iter(sortings))
        search_in = search_in if search_in in searches else next(iter(searches))
        if search:
            domain += searches[search_in]["domain"](search)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "default_url": url,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_inputs": searches,
                "search_in": search_in,
                "search": search,
            }
        )
        return domain, values

    def _aftersales_pager(self, url, values, total, page):
        return pager(
            url=url,
            url_args={
                "sortby": values["sortby"],
                "search": values["search"],
                "search_in": values["search_in"],
            },
            total=total,
            page=page,
            step=self._items_per_page,
        )

    def _aftersales_list_values(
        self,
        model,
        url,
        sortings,
        searches,
        page,
        sortby,
        search,
        search_in,
        domain=None,
    ):
        records = request.env[model]
        domain, values = self._aftersales_search_values(
            url, sortings, searches, sortby, search, search_in, domain=domain
        )
        pager_values = self._aftersales_pager(
            url, values, records.search_count(domain), page
        )
        values.update(
            {
                # Found with the customer's rights, shown with the products
                # and terms they may not read themselves.
                "records": records.search(
                    domain,
                    order=sortings[values["sortby"]]["order"],
                    limit=self._items_per_page,
                    offset=pager_values["offset"],
                ).sudo(),
                "pager": pager_values,
            }
        )
        return values

    @http.route(
        ["/my/warranties", "/my/warranties/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_warranties(
        self, page=1, sortby=None, search=None, search_in=None, **kw
    ):
        """The customer's units, one row each: its coverage today from the
        layer in force, the extensions still to come named with it."""
        today = fields.Date.context_today(request.env.user)
        sortings = self._get_aftersales_warranties_searchbar_sortings()
        searches = self._get_aftersales_warranties_searchbar_inputs()
        domain, values = self._aftersales_search_values(
            "/my/warranties",
            sortings,
            searches,
            sortby,
            search,
            search_in,
            domain=self._prepare_aftersales_warranties_domain(
                request.env.user.partner_id
            ),
        )
        # Found with the customer's rights, shown with the products and terms
        # they may not read themselves.
        layers = request.env["aftersales.warranty"].search(domain, order="id").sudo()
        sorting = sortings[values["sortby"]]
        units = sorted(
            (
                self._aftersales_unit_values(unit, today)
                for unit in self._aftersales_units(layers)
            ),
            key=lambda unit: (sorting["key"](unit), unit["warranty"].id),
            reverse=sorting["reverse"],
        )
        pager_values = self._aftersales_pager(
            "/my/warranties", values, len(units), page
        )
        offset = pager_values["offset"]
        values.update(
            {
                "units": units[offset : offset + self._items_per_page],
                "pager": pager_values,
                "page_name": "aftersales_warranties",
            }
        )
        return request.render("aftersales_service.portal_my_warranties", values)

    def _aftersales_units(self, layers):
        """These warranty layers (sudo) as units, one recordset each: the
        layers of one lot, product and customer; for a unit without a lot,
        a warranty and the extensions that follow it."""
        units = {}
        for layer in layers:
            if layer.lot_id:
                key = (
                    layer.lot_id,
                    layer.product_id,
                    layer.partner_id.commercial_partner_id,
                )
            else:
                key, seen = layer, set()
                while key.parent_id and key.parent_id.id not in seen:
                    seen.add(key.id)
                    key = key.parent_id
            units[key] = units.get(key, layers.browse()) | layer
        return list(units.values())

    def _aftersales_unit_values(self, layers, today):
        """What the customer reads of one unit (its layers, sudo) on
        ``today``: the layer in force and its coverage, the layers still to
        come (not void, not started)."""
        warranty = layers._in_force(today)
        coverages = dict(
            request.env["aftersales.claim"]
            ._fields["coverage"]
            ._description_selection(request.env)
        )
        coverage = warranty._coverage_on(today)
        live = layers.filtered(lambda w: w.state != "void")
        # The layers still to come: an extension, or the layer in force
        # itself when nothing covers the unit yet.
        upcoming = live.filtered(lambda w: w.date_start > today).sorted(
            lambda w: (w.date_start, w.id)
        )
        return {
            "warranty": warranty,
            "layers": layers.sorted(lambda w: (w.date_start, w.id)),
            "coverage": coverage,
            "coverage_label": coverages.get(coverage),
            "coverage_until": coverage == "in_warranty"
            and warranty.date_end
            and request.env._(
                "until %(date)s", date=self._aftersales_date(warranty.date_end)
            ),
            "upcoming": upcoming,
            "upcoming_lines": [
                request.env._(
                    "Then %(terms)s, from %(start)s to %(end)s: upcoming.",
                    terms=layer.policy_id.name,
                    start=self._aftersales_date(layer.date_start),
                    end=self._aftersales_date(layer.date_end),
                )
                if layer.date_end
                else request.env._(
                    "Then %(terms)s, from %(start)s: upcoming.",
                    terms=layer.policy_id.name,
                    start=self._aftersales_date(layer.date_start),
                )
                for layer in upcoming
            ],
            "void_lines": [
                request.env._(
                    "%(terms)s is void: %(reason)s.",
                    terms=layer.policy_id.name,
                    reason=layer.void_reason,
                )
                if layer.void_reason
                else request.env._("%(terms)s is void.", terms=layer.policy_id.name)
                for layer in layers.filtered(lambda w: w.state == "void")
            ],
            "since": min(layers.mapped("date_start")),
            "until": max(live.mapped("date_end"), default=False)
            if all(live.mapped("date_end"))
            else False,
        }

    @http.route(
        ["/my/claims", "/my/claims/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_claims(self, page=1, sortby=None, search=None, search_in=None, **kw):
        values = self._aftersales_list_values(
            "aftersales.claim",
            "/my/claims",
            self._get_aftersales_claims_searchbar_sortings(),
            self._get_aftersales_claims_searchbar_inputs(),
            page,
            sortby,
            search,
            search_in,
            domain=self._prepare_aftersales_claims_domain(request.env.user.partner_id),
        )
        values["page_name"] = "aftersales_claims"
        return request.render("aftersales_service.portal_my_claims", values)

    # ------------------------------------------------------------------
    # Records
    # ------------------------------------------------------------------

    def _aftersales_record(self, model, record_id, access_token):
        """The record, sudo, if the visitor may see it (its owner, or the
        holder of its access token); else 404: nothing tells whether it
        exists."""
        try:
            return self._document_check_access(model, record_id, access_token)
        except (AccessError, MissingError):
            raise request.not_found() from None

    @http.route(
        ["/my/warranties/<int:warranty_id>"], type="http", auth="public", website=True
    )
    def portal_my_warranty(self, warranty_id, access_token=None, **kw):
        warranty = self._aftersales_record(
            "aftersales.warranty", warranty_id, access_token
        )
        today = fields.Date.context_today(warranty)
        # The unit's other layers, as the owner sees them in the list.
        layers = warranty.search(
            [
                (
                    "partner_id.commercial_partner_id",
                    "=",
                    warranty.partner_id.commercial_partner_id.id,
                ),
                ("product_id", "=", warranty.product_id.id),
                ("lot_id", "=", warranty.lot_id.id),
            ]
            if warranty.lot_id
            else [("id", "child_of", (warranty.parent_id or warranty).id)]
        )
        values = self._get_page_view_values(
            warranty,
            access_token,
            {
                "warranty": warranty,
                "unit": self._aftersales_unit_values(layers | warranty, today),
                "today": today,
                "starts_line": request.env._(
                    "This warranty has not started yet: it covers your unit from "
                    "%(date)s.",
                    date=self._aftersales_date(warranty.date_start),
                ),
                "page_name": "aftersales_warranty",
            },
            "my_warranties_history",
            False,
        )
        return request.render("aftersales_service.portal_my_warranty", values)

    @http.route(["/my/claims/<int:claim_id>"], type="http", auth="public", website=True)
    def portal_my_claim(self, claim_id, access_token=None, submitted=None, **kw):
        claim = self._aftersales_record("aftersales.claim", claim_id, access_token)
        values = self._get_page_view_values(
            claim,
            access_token,
            {
                "claim": claim,
                "page_name": "aftersales_claim",
                "steps": claim._portal_steps(),
                "documents": claim._portal_documents(),
                "uploads": self._aftersales_customer_files(claim),
                "submitted": bool(submitted) and claim.state == "new",
                "submitted_line": request.env._(
                    "Thank you: we registered your claim %(claim)s.", claim=claim.name
                ),
                **self._aftersales_claim_outlook(claim),
            },
            "my_claims_history",
            False,
        )
        return request.render("aftersales_service.portal_my_claim", values)

    def _aftersales_customer_files(self, claim):
        """(name, url) of the photos and documents the customer sent with
        the messages of the claim (sudo) they see: the claim form's, and
        what they attached to their answers since."""
        customer = claim.partner_id.commercial_partner_id
        messages = claim.website_message_ids.filtered(
            lambda m: (
                m.author_id.commercial_partner_id == customer
                and not m.is_internal
                and not m.subtype_id.internal
            )
        )
        return [
            (
                attachment.name,
                f"/web/content/{attachment.id}?download=true"
                f"&access_token={attachment.generate_access_token()[0]}",
            )
            for attachment in messages.attachment_ids.sorted("id")
        ]

    # ------------------------------------------------------------------
    # Where the claim stands, in words
    # ------------------------------------------------------------------

    def _aftersales_claim_outlook(self, claim):
        """What the customer reads of their claim (sudo) today: ``outlook``,
        the sentences of what happens next and by when; ``late``, those of
        a passed deadline and what the law gives then."""
        env = request.env
        today = fields.Date.context_today(claim)
        outlook, late = [], []
        if claim.state in OPEN_STATES:
            outlook += self._aftersales_next_step(claim)
            outlook += self._aftersales_loaner_news(claim)
        elif claim.state == "done":
            resolutions = dict(claim._fields["resolution"]._description_selection(env))
            outlook.append(
                env._(
                    "Your claim is resolved: %(resolution)s.",
                    resolution=resolutions[claim.resolution].lower(),
                )
                if claim.resolution
                else env._("Your claim is resolved.")
            )
        elif claim.state == "rejected":
            outlook.append(
                env._("If you do not agree with our answer, write to us below.")
            )
        if claim.is_late:
            late.append(
                env._(
                    "The deadline passed on %(date)s, %(days)s days ago, and "
                    "your claim is still open.",
                    date=self._aftersales_date(claim.date_deadline),
                    days=claim.days_late,
                )
            )
        if (
            claim.state in OPEN_STATES
            and claim.date_loaner_due
            and claim.date_loaner_due < today
            and not claim.sudo().loan_ids.filtered(
                lambda loan: loan.state in ("lent", "returned")
            )
        ):
            late.append(
                env._(
                    "The loaner was due on %(date)s, %(days)s days ago.",
                    date=self._aftersales_date(claim.date_loaner_due),
                    days=(today - claim.date_loaner_due).days,
                )
            )
        if late:
            late.append(self._aftersales_penalty_news(claim))
        return {"outlook": outlook, "late": late}

    def _aftersales_date(self, day):
        return format_date(request.env, day, date_format="long")

    def _aftersales_law(self, claim):
        profile = claim.legal_profile_id
        return profile.law_reference or profile.display_name

    def _aftersales_deadline_basis(self, claim):
        """(days, basis) of the claim's deadline: the days of its law (named)
        or, where the law sets none, the company's own target."""
        law_days = claim._law_deadline_days()
        days = claim._deadline_days()
        if law_days and law_days == days:
            return days, self._aftersales_law(claim)
        return days, request.env._("our own deadline, as the law sets none")

    def _aftersales_next_step(self, claim):
        """What happens next to this open claim (sudo), and by when."""
        env = request.env
        days, basis = self._aftersales_deadline_basis(claim)
        if claim.claim_type in MONEY_CLAIMS:
            kind = "money"
        elif claim.claim_type in ("repair", "replacement"):
            kind = claim.claim_type
        else:
            kind = "other"
        if claim.state == "ready":
            return [
                env._(
                    "Your unit is ready: pick it up at %(point)s, or we ship it "
                    "back to you.",
                    point=claim.dealer_id.display_name,
                )
                if claim.dealer_id
                else env._(
                    "Your unit is ready: we ship it back to you, or you can pick it up."
                )
            ]
        if claim.is_late:
            return []  # no promise of a day that has passed: see the late news
        if claim.date_deadline:
            sentences = {
                "repair": env._(
                    "We will repair your unit by %(date)s (%(days)s days, %(basis)s)."
                ),
                "replacement": env._(
                    "We will replace your unit by %(date)s (%(days)s days, %(basis)s)."
                ),
                "money": env._(
                    "We will answer your request by %(date)s (%(days)s days, "
                    "%(basis)s)."
                ),
                "other": env._(
                    "We will resolve your claim by %(date)s (%(days)s days, %(basis)s)."
                ),
            }
            return [
                sentences[kind]
                % {
                    "date": self._aftersales_date(claim.date_deadline),
                    "days": days,
                    "basis": basis,
                }
            ]
        # Not received yet: the deadline runs from the reception.
        sentences = {
            "repair": env._(
                "From the day we receive it, we have %(days)s days to repair "
                "it (%(basis)s)."
            ),
            "replacement": env._(
                "From the day we receive it, we have %(days)s days to replace "
                "it (%(basis)s)."
            ),
            "other": env._(
                "From the day we receive it, we have %(days)s days to resolve "
                "your claim (%(basis)s)."
            ),
        }
        return [
            env._(
                "Next step: bring or send your unit to %(point)s.",
                point=claim.dealer_id.display_name,
            )
            if claim.dealer_id
            else env._("Next step: bring or send your unit to us."),
            sentences.get(kind, sentences["other"]) % {"days": days, "basis": basis},
        ]

    def _aftersales_loaner_news(self, claim):
        """The loaner the customer asked for: when it is owed, or lent."""
        env = request.env
        if not claim.loaner_requested:
            return []
        loan = claim.sudo().loan_ids.filtered(lambda loan: loan.state == "lent")[:1]
        if loan:
            return [
                env._(
                    "We lent you %(unit)s on %(date)s; please bring it back by "
                    "%(due)s.",
                    unit=loan.lot_id.product_id.display_name,
                    date=self._aftersales_date(loan.date_out),
                    due=self._aftersales_date(loan.date_due),
                )
            ]
        if claim.sudo().loan_ids.filtered(lambda loan: loan.state == "returned"):
            return []
        if claim.date_loaner_due:
            return [
                env._(
                    "You asked for a loaner on %(requested)s: we will hand it "
                    "over by %(date)s (%(days)s days, %(law)s).",
                    requested=self._aftersales_date(claim.date_loaner_requested),
                    date=self._aftersales_date(claim.date_loaner_due),
                    days=claim.legal_profile_id.loaner_days,
                    law=self._aftersales_law(claim),
                )
            ]
        if not claim.legal_profile_id:
            return [
                env._(
                    "You asked for a loaner: we will tell you whether we can lend one."
                )
            ]
        return [
            env._(
                "You asked for a loaner: the law does not oblige us to lend one "
                "for this product; we will tell you whether we can."
            )
        ]

    def _aftersales_penalty_news(self, claim):
        """What the claim's law gives the customer for a missed deadline."""
        env = request.env
        rate = claim.legal_profile_id.penalty_rate
        if not rate:
            return env._(
                "We apologise for the delay: write to us below if you need anything."
            )
        return env._(
            "For each day of delay the law (%(law)s) gives you a penalty of "
            "%(rate)s%% of the price of the goods: you may claim it from us.",
            law=self._aftersales_law(claim),
            rate=formatLang(env, rate, digits=0 if rate == int(rate) else 2),
        )

    # ------------------------------------------------------------------
    # A claim opened by the customer
    # ------------------------------------------------------------------

    def _aftersales_published(self, units, company):
        """The units (sudo) of ``company``'s own products still in its
        catalogue (not archived)."""
        return units.sudo().filtered(
            lambda unit: (
                unit.product_id.active
                and unit.product_id.company_id in (company, company.browse())
            )
        )

    def _aftersales_own_units(self):
        """The customer's registered units they can claim for: of this
        company (the website's), of a product that is not archived."""
        company = request.env.company
        units = request.env["aftersales.warranty"].search(
            [
                *self._prepare_aftersales_warranties_domain(
                    request.env.user.partner_id
                ),
                ("state", "in", ("active", "expired")),
                ("parent_id", "=", False),
                ("company_id", "=", company.id),
            ],
            order="date_start desc, id desc",
        )
        return self._aftersales_published(units, company)

    def _aftersales_claim_form(self, error=None, values=None):
        claim_types = request.env["aftersales.claim"]._fields["claim_type"]
        page = self._prepare_portal_layout_values()
        page.update(
            {
                "page_name": "aftersales_claim_new",
                "units": self._aftersales_own_units(),
                "claim_types": claim_types._description_selection(request.env),
                "error": error,
                "form": values or {},
                "max_files": UPLOAD_MAX_FILES,
                "max_megabytes": UPLOAD_MAX_BYTES // (1024 * 1024),
            }
        )
        return request.render("aftersales_service.portal_claim_new", page)

    @http.route(["/my/claims/new"], type="http", auth="user", website=True)
    def portal_claim_new(self, **kw):
        return self._aftersales_claim_form(values=kw)

    @http.route(
        ["/my/claims/submit"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_claim_submit(
        self, warranty_id=None, claim_type="repair", symptom="", loaner=None, **kw
    ):
        values = dict(
            kw,
            warranty_id=warranty_id,
            claim_type=claim_type,
            symptom=symptom,
            loaner=loaner,
        )
        # Compared as text with the ids of the customer's own units: no number
        # is ever parsed from the form ("1e999", "nan", "-1" match nothing).
        units = self._aftersales_own_units()
        warranty = units.filtered(lambda w: str(w.id) == str(warranty_id))
        symptom = (symptom if isinstance(symptom, str) else "").replace("\x00", "")
        try:
            if not warranty:
                raise UserError(request.env._("Choose one of your registered units."))
            if not symptom.strip():
                raise UserError(request.env._("Describe what is wrong with the unit."))
            if len(symptom) > SYMPTOM_MAX_CHARS:
                raise UserError(
                    request.env._(
                        "Describe what is wrong in at most %(count)s characters.",
                        count=SYMPTOM_MAX_CHARS,
                    )
                )
            claim_types = request.env["aftersales.claim"]._fields["claim_type"]
            if claim_type not in dict(claim_types._description_selection(request.env)):
                raise UserError(request.env._("Choose what you ask for."))
            if request.env["aftersales.rate.limit"]._hit(
                f"portal_claim:{request.env.uid}", CLAIM_LIMIT, CLAIM_WINDOW
            ):
                raise UserError(
                    request.env._(
                        "You opened too many claims in the last hour: "
                        "try again later or call us."
                    )
                )
            files = self._aftersales_uploads()
        except UserError as error:
            return self._aftersales_claim_form(error=str(error), values=values)
        try:
            # All or nothing: a refusal of the claim itself leaves no ticket,
            # attachment or message behind.
            with request.env.cr.savepoint():
                claim = self._aftersales_create_claim(
                    warranty, claim_type, symptom, bool(loaner), files
                )
        except UserError as error:
            return self._aftersales_claim_form(error=str(error), values=values)
        return request.redirect(claim.get_portal_url(query_string="&submitted=1"))

    def _aftersales_uploads(self):
        """The uploaded files, refused when too many, too big or not a photo
        or a PDF (judged from their content, not their name)."""
        files = [
            upload
            for upload in request.httprequest.files.getlist("attachments")
            if upload.filename
        ]
        if len(files) > UPLOAD_MAX_FILES:
            raise UserError(
                request.env._("Attach at most %(count)s files.", count=UPLOAD_MAX_FILES)
            )
        result = []
        for upload in files:
            data = upload.read(UPLOAD_MAX_BYTES + 1)
            if len(data) > UPLOAD_MAX_BYTES:
                raise UserError(
                    request.env._(
                        "%(file)s is larger than %(size)s MB.",
                        file=upload.filename,
                        size=UPLOAD_MAX_BYTES // (1024 * 1024),
                    )
                )
            mimetype = guess_mimetype(data)
            if mimetype not in UPLOAD_TYPES:
                raise UserError(
                    request.env._(
                        "%(file)s is not a photo (JPEG, PNG, WebP) or a PDF.",
                        file=upload.filename,
                    )
                )
            name = upload.filename.replace("\x00", "")[:255] or "upload"
            result.append((name, data, mimetype))
        return result

    def _aftersales_create_claim(self, warranty, claim_type, symptom, loaner, files):
        partner = request.env.user.partner_id
        claims = (
            request.env["aftersales.claim"].sudo().with_company(warranty.company_id)
        )
        vals = {
            "partner_id": warranty.partner_id.id,
            "serial": warranty.serial,
            "product_id": warranty.product_id.id,
            "warranty_id": warranty.id,
            "claim_type": claim_type,
            "symptom": symptom.strip(),
            "loaner_requested": loaner,
            "date_loaner_requested": loaner and fields.Date.context_today(claims),
            "company_id": warranty.company_id.id,
        }
        if warranty.company_id.aftersales_portal_ticket:
            ticket = (
                request.env["helpdesk.ticket"]
                .sudo()
                .with_company(warranty.company_id)
                .with_context(mail_create_nolog=True)
                .create(
                    {
                        "name": request.env._(
                            "Claim about %(unit)s", unit=warranty.display_name
                        ),
                        # The customer's words, as plain text.
                        "description": plaintext2html(symptom.strip()),
                        "partner_id": partner.id,
                        "aftersales_serial": warranty.serial,
                        "company_id": warranty.company_id.id,
                    }
                )
            )
            vals["ticket_id"] = ticket.id
        claim = claims.create(vals)
        attachments = (
            request.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": name,
                        "raw": data,
                        "mimetype": mimetype,
                        "res_model": claim._name,
                        "res_id": claim.id,
                    }
                    for name, data, mimetype in files
                ]
            )
        )
        # The customer's own message, not an internal note: they see it and
        # their photos in the claim's conversation. Posted by the system:
        # message_post drops the attachments a portal user gives it unless
        # they come from the chatter's composer, and these were checked above.
        claim.with_user(SUPERUSER_ID).message_post(
            body=request.env._("Opened by the customer on the portal."),
            attachment_ids=attachments.ids,
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return claim
