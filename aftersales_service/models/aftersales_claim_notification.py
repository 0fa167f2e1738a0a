# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The claim's messages to its customer: notifications, rating, escalation."""

from datetime import timedelta

from odoo import fields, models
from odoo.tools import plaintext2html

from .aftersales_claim import STAFF

# The claim's states that the followers may choose to hear of: their
# subtypes (data/mail_data.xml).
STATE_SUBTYPES = {
    "received": "aftersales_service.mt_claim_received",
    "ready": "aftersales_service.mt_claim_ready",
    "done": "aftersales_service.mt_claim_done",
    "rejected": "aftersales_service.mt_claim_rejected",
}
# Customer e-mails: event -> (the company's switch, the template).
NOTIFICATIONS = {
    "received": (
        "aftersales_notify_received",
        "aftersales_service.mail_template_claim_received",
    ),
    "item_received": (
        "aftersales_notify_item_received",
        "aftersales_service.mail_template_claim_item_received",
    ),
    "quotation": (
        "aftersales_notify_quotation",
        "aftersales_service.mail_template_claim_quotation",
    ),
    "ready": (
        "aftersales_notify_ready",
        "aftersales_service.mail_template_claim_ready",
    ),
    "done": (
        "aftersales_notify_done",
        "aftersales_service.mail_template_claim_done",
    ),
    "rejected": (
        "aftersales_notify_rejected",
        "aftersales_service.mail_template_claim_rejected",
    ),
}

LOW_RATING = 2

REPEAT_DAYS = 30


class AftersalesClaimNotification(models.Model):
    # One file per concern, as Odoo core splits its large models.
    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    needs_attention = fields.Boolean(
        readonly=True,
        groups=STAFF,
        copy=False,
        index=True,
        tracking=True,
        help="The customer rated the claim 1 or 2 stars, or claimed the same "
        "unit again within 30 days: the after-sales manager follows it up.",
    )

    def _track_subtype(self, init_values):
        """A change to one of the steps of STATE_SUBTYPES is posted with its
        own subtype, so that each follower chooses the steps they get."""
        self.ensure_one()
        if "state" in init_values and self.state in STATE_SUBTYPES:
            return self.env.ref(STATE_SUBTYPES[self.state])
        return super()._track_subtype(init_values)

    def _notify_customer(self, event):
        """E-mail the customers of these claims about ``event`` (one of
        NOTIFICATIONS), with the template of the event, in their language,
        unless their company turned that notification off. The message stays
        in the claim's chatter, which the customer sees on the portal; a
        claim that came from a helpdesk ticket notes it on the ticket, without
        an e-mail, so that the customer hears it once."""
        toggle, template_xmlid = NOTIFICATIONS[event]
        claims = self.filtered(lambda c: c.company_id[toggle] and c.partner_id.email)
        if not claims:
            return
        claims = claims._for_customer_mails()
        # Each customer follows their own claim only: subscribing all the
        # customers to all the claims would send them each other's e-mails.
        for claim in claims:
            claim.message_subscribe(partner_ids=claim.partner_id.ids)
            claim._post_to_customer(template_xmlid)
        for claim in claims.filtered("ticket_id"):
            claim.ticket_id.sudo().message_post(
                body=self.env._(
                    "Claim %(claim)s: the customer was told by e-mail (%(event)s).",
                    claim=claim.name,
                    event=self.env.ref(template_xmlid).sudo().name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _for_customer_mails(self):
        """These claims, to e-mail their customers. Many at once (a list's
        action, an import, a cron) leave their e-mails in Odoo's mail queue
        for a cron worker, asked to run now, rather than send them one after
        the other before the user's request returns; one claim's e-mail goes
        out at once."""
        if len(self) <= 1:
            return self
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        return self.with_context(mail_notify_force_send=False)

    def _request_rating(self):
        """Ask the customers of closed claims to rate the service, in the
        claim's conversation like every other message to them."""
        template = self.env.ref("aftersales_service.mail_template_claim_rating")
        for claim in self.filtered(
            lambda c: c.company_id.aftersales_rating_request and c.partner_id.email
        )._for_customer_mails():
            claim._post_to_customer(
                template.with_context(lang=claim.partner_id.lang),
                email_layout_xmlid="mail.mail_notification_light",
            )

    def _post_to_customer(self, template=None, **values):
        """Post on this claim a message of the company to its customer: the
        ``template`` rendered for the claim, or the given ``values`` (body,
        subject, ...). It is a message, not a log (which the portal hides),
        so the customer reads it in the claim's conversation on the portal,
        and it subscribes nobody. Its author and sender are the company's, as
        the templates' "From" says, whoever (a customer on the portal, a
        cron) caused it; a company without an address leaves the sender to
        Odoo."""
        self.ensure_one()
        company = self.company_id.partner_id
        if company.email:
            values.setdefault("author_id", company.id)
            values.setdefault("email_from", company.email_formatted)
        claim = self.with_context(mail_create_nosubscribe=True)
        kind = {"message_type": "auto_comment", "subtype_xmlid": "mail.mt_comment"}
        if template:
            return claim.message_post_with_source(template, **kind, **values)
        return claim.message_post(**kind, **values)

    def _escalate_repeated_claims(self):
        """A unit claimed again within 30 days of an earlier claim needs the
        manager's attention."""
        units = self.filtered("lot_id")
        if not units:
            return
        since = fields.Datetime.now() - timedelta(days=REPEAT_DAYS)
        earlier = self.sudo().search(
            [
                ("lot_id", "in", units.lot_id.ids),
                ("id", "not in", self.ids),
                "|",
                ("create_date", ">=", since),
                ("date_closed", ">=", since),
            ]
        )
        repeated = units.filtered(lambda c: c.lot_id in earlier.lot_id)
        repeated._escalate(
            self.env._("Unit claimed again within %(days)s days.", days=REPEAT_DAYS)
        )

    def _escalate(self, reason):
        """Raise the priority, flag the claim and give the after-sales
        manager an activity."""
        # Once: a rating given then explained is one escalation.
        claims = self.filtered(lambda c: not c.needs_attention)
        claims.sudo().write({"needs_attention": True, "priority": "1"})
        # The reason may quote the customer (a rating's feedback): plain text.
        claims._create_activities(
            [
                (
                    claim,
                    claim.company_id.aftersales_manager_id or claim.user_id,
                    self.env._("Needs attention"),
                    fields.Date.context_today(self),
                    plaintext2html(reason),
                )
                for claim in claims
            ]
        )

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        """A low rating escalates the claim to the after-sales manager."""
        result = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        if rate <= LOW_RATING:
            self.sudo()._escalate(
                self.env._(
                    "The customer rated the claim %(rate)s out of 5: %(feedback)s",
                    rate=int(rate),
                    feedback=feedback or "-",
                )
            )
        return result
