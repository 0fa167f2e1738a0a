# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesWarrantyCommon

# Each claim step: its ``can_<step>`` field and the action its button calls.
STEPS = {
    "receive": "action_receive",
    "start_diagnosis": "action_start_diagnosis",
    "create_repair": "action_create_repair",
    "ready": "action_ready",
    "return": "action_return",
    "replace": "action_replace",
    "refund": "action_refund",
    "lend": "action_open_lend",
    "supplier_claim": "action_open_supplier_claim",
    "reject": "action_open_reject",
    "done": "action_done",
    "cancel": "action_cancel",
    "reset": "action_reset",
}


class Accepted(Exception):
    """Raised after an action ran, so that its savepoint rolls back."""


class StepsCase:
    """Checks that each ``can_<step>`` of a document says what its action
    accepts, in every state."""

    def _state_refusal(self, record):
        labels = dict(record._fields["state"]._description_selection(record.env))
        return f"it is {labels[record.state].lower()}."

    def _check_steps(self, record, steps):
        """``steps``: {step: action method}; ``record`` as the acting user."""
        for state, _label in record._fields["state"].selection:
            record.sudo().write({"state": state})
            for step, method in steps.items():
                with self.subTest(state=state, step=step):
                    refusal = self._state_refusal(record)
                    if not record[f"can_{step}"]:
                        with self.assertRaises(UserError):
                            getattr(record, method)()
                        continue
                    with self.assertRaises(Accepted):
                        try:
                            getattr(record, method)()
                        except UserError as error:
                            # Refused for another reason than its state.
                            self.assertNotIn(refusal, str(error))
                        raise Accepted
                    self.env.invalidate_all()


@tagged("post_install", "-at_install")
class TestClaimSteps(StepsCase, AftersalesWarrantyCommon):
    def setUp(self):
        super().setUp()
        self._stock(self.product_serial, serials=["SN-STEP"])
        self._deliver(self._sell([(self.product_serial, 1)]).picking_ids)
        replacement = self._stock(self.product_serial, serials=["SN-STEP-NEW"])
        self.claim = (
            self.env["aftersales.claim"]
            .with_user(self.aftersales_user)
            .create({"serial": "SN-STEP", "replacement_lot_id": replacement.id})
        )

    def test_buttons_match_what_the_actions_accept(self):
        self._check_steps(self.claim, STEPS)

    def test_replace_needs_the_replacement_unit(self):
        claim = self.claim
        claim.sudo().write({"state": "received"})
        self.assertTrue(claim.can_replace)
        claim.replacement_lot_id = False
        self.assertFalse(claim.can_replace)
        with self.assertRaises(UserError):
            claim.action_replace()
