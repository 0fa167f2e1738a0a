# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models
from odoo.exceptions import UserError


class AftersalesWorkflowMixin(models.AbstractModel):
    """What the numbered after-sales documents with a state (claims, loans)
    share: their numbering, the refusal of a step their state does not
    allow, and activities scheduled in one batch."""

    _name = "aftersales.workflow.mixin"
    _description = "After-Sales Document Workflow"

    @api.model
    def _assign_numbers(self, vals_list, sequence_code):
        """Give each new document without a name the next number of its
        company's sequence."""
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code(sequence_code) or self.env._("New")

    @api.model
    def _documents_action(self, records, name, xml_id=None, context=None):
        """The window action that opens ``records`` (their form when there
        is one): the action ``xml_id`` when given, on these records only,
        with ``context`` as its default context."""
        action = {
            "type": "ir.actions.act_window",
            "res_model": records._name,
            "view_mode": "list,form",
        }
        if xml_id:
            action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        action.update(
            name=name,
            domain=[("id", "in", records.ids)],
            context=context or {},
        )
        if len(records) == 1:
            form = [view for view in action.get("views") or [] if view[1] == "form"]
            action.update(
                view_mode="form", views=form or [(False, "form")], res_id=records.id
            )
        return action

    def _get_step_states(self):
        """The states from which each step ``action_<step>`` may run, by step:
        its action refuses from any other, its ``can_<step>`` button hides."""
        return {}

    def _can_step(self, step):
        """Whether ``step`` may run on this document now; a model adds what
        else the step's action needs."""
        self.ensure_one()
        return self.state in self._get_step_states()[step]

    @api.depends("state")
    def _compute_can_steps(self):
        """Each ``can_<step>`` boolean computed by this method, from the same
        rule its action checks (``_can_step``)."""
        names = [
            name
            for name, field in self._fields.items()
            if field.compute == "_compute_can_steps"
        ]
        for record in self:
            for name in names:
                record[name] = record._can_step(name.removeprefix("can_"))

    def _check_step(self, step, verb):
        """Refuse ``step`` (``verb``: its translated verb) on a document whose
        state does not allow it."""
        self._check_state(self._get_step_states()[step], verb)

    def _check_state(self, allowed, verb):
        """Refuse ``verb`` (a translated verb) on a document whose state is
        not in ``allowed``."""
        for record in self:
            if record.state not in allowed:
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Cannot %(verb)s %(document)s: it is %(state)s.",
                        verb=verb,
                        document=record.name,
                        state=states[record.state].lower(),
                    )
                )

    @api.model
    def _create_activities(self, entries):
        """To-do activities in one batch, without an e-mail each (they show
        in each responsible's activity menu). ``entries``: (record, user,
        summary, deadline, note) tuples."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": record.id,
                        "activity_type_id": activity_type.id,
                        "summary": summary,
                        "note": note,
                        "date_deadline": deadline,
                        "user_id": (user or self.env.user).id,
                    }
                    for record, user, summary, deadline, note in entries
                ]
            )
        )
