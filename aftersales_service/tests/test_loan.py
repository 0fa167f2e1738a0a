# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import AftersalesWarrantyCommon


class LoanCommon(AftersalesWarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loaner_location = cls.warehouse._aftersales_loaner_location()
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.claims = cls.env["aftersales.claim"].with_user(cls.aftersales_user)
        cls.loans = cls.env["aftersales.loan"].with_user(cls.aftersales_user)

    @classmethod
    def _loaners(cls, product, serials, location=None):
        """Loaner units of ``product`` in the loaner location."""
        lots = cls.env["stock.lot"].create(
            [
                {
                    "name": serial,
                    "product_id": product.id,
                    "company_id": cls.company.id,
                    "aftersales_loaner": True,
                }
                for serial in serials
            ]
        )
        for lot in lots:
            cls.env["stock.quant"]._update_available_quantity(
                product, location or cls.loaner_location, 1.0, lot_id=lot
            )
        return lots

    def _received_claim(self, serial, **values):
        self._stock(self.product_serial, serials=[serial])
        order = self._sell([(self.product_serial, 1)])
        self._deliver(order.picking_ids)
        claim = self.claims.create(
            {
                "serial": serial,
                "loaner_requested": True,
                "date_loaner_requested": fields.Date.context_today(self.claims),
                **values,
            }
        )
        claim.action_receive()
        return claim

    def _lend(self, claim, **values):
        """Lend through the wizard the claim's button opens."""
        action = claim.action_open_lend()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.aftersales_user)
            .with_context(**action["context"])
        )
        for name, value in values.items():
            setattr(form, name, value)
        form.save().action_lend()
        return claim.loan_ids.filtered(lambda loan: loan.state == "lent")

    def _location_of(self, lot):
        return lot.quant_ids.filtered(lambda q: q.quantity > 0).location_id


@tagged("post_install", "-at_install")
class TestLoan(LoanCommon):
    def test_lend_and_take_back_through_pickings(self):
        unit = self._loaners(self.product_serial, ["LN-1"])
        claim = self._received_claim("SN-L1")
        loan = self._lend(claim)
        self.assertEqual(loan.lot_id, unit)
        self.assertEqual(loan.partner_id, self.customer)
        self.assertEqual(loan.picking_out_id.state, "done")
        self.assertEqual(loan.picking_out_id.aftersales_claim_id, claim)
        self.assertEqual(self._location_of(unit), self.customers)
        self.assertEqual(unit.aftersales_loaner_state, "lent")
        self.assertEqual(unit.aftersales_borrower_id, self.customer)
        self.assertEqual(unit.aftersales_loan_date_due, loan.date_due)
        # The user, without accounting rights, opens the claim's loans and
        # transfers.
        for documents, records in (("loans", loan), ("pickings", claim.picking_ids)):
            action = claim.with_context(documents=documents).action_view_documents()
            self.assertEqual(
                self.env[action["res_model"]].search(action["domain"]), records
            )
        # A loaner unit going to a customer gets no warranty.
        self.assertFalse(
            self.env["aftersales.warranty"].search([("lot_id", "=", unit.id)])
        )
        # The claim cannot close, be rejected or cancelled while it is out.
        claim.action_start_diagnosis()
        claim.action_create_repair()
        claim.repair_ids.action_validate()
        claim.repair_ids.action_repair_start()
        claim.repair_ids.action_repair_end()
        claim.action_ready()
        with self.assertRaisesRegex(UserError, "cannot close while its loaner"):
            claim.action_return()
        with self.assertRaisesRegex(UserError, "cannot close while its loaner"):
            claim.action_cancel()
        self.assertEqual(claim.state, "ready")
        self.assertEqual(
            claim.picking_ids.filtered(lambda p: p.aftersales_leg == "return"),
            self.env["stock.picking"],
        )
        loan.action_return()
        self.assertEqual(loan.state, "returned")
        self.assertEqual(loan.picking_in_id.state, "done")
        self.assertEqual(loan.date_returned, fields.Date.context_today(loan))
        self.assertEqual(self._location_of(unit), self.loaner_location)
        self.assertEqual(unit.aftersales_loaner_state, "free")
        with self.assertRaisesRegex(UserError, "already returned"):
            loan.action_return()
        claim.action_return()
        self.assertEqual(claim.state, "done")
        # The customer's own unit kept its warranty: the loaner's transfers
        # ended nothing.
        self.assertEqual(claim.warranty_id.state, "active")

    def test_loan_follows_its_delivery(self):
        """A loan set aside as a draft is lent when the warehouse validates
        its delivery, and cancelled when the delivery is cancelled."""
        units = self._loaners(self.product_serial, ["LN-F1", "LN-F2"])
        claim = self._received_claim("SN-F1")
        loans = self.loans.create(
            [
                {
                    "claim_id": claim.id,
                    "lot_id": unit.id,
                    "date_due": fields.Date.today() + timedelta(days=5),
                }
                for unit in units
            ]
        )
        self.assertEqual(units.mapped("aftersales_loaner_state"), ["reserved"] * 2)
        pickings = self.env["stock.picking"]
        for loan in loans:
            loan.picking_out_id = loan._create_transfer(
                loan.warehouse_id.out_type_id, self.loaner_location, self.customers
            )
            pickings |= loan.picking_out_id
        self._deliver(pickings[0])
        pickings[1].with_user(self.stock_user).action_cancel()
        self.assertEqual(loans.mapped("state"), ["lent", "cancelled"])
        self.assertEqual(units.mapped("aftersales_loaner_state"), ["lent", "free"])

    def test_wizard_proposes_free_units_then_nearest_due(self):
        equivalent = self.env["product.product"].create(
            {
                "name": "Compact washer (test)",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": self.env.ref("product.product_category_all").id,
            }
        )
        sibling = self.env["product.product"].create(
            {
                "name": "Dryer (test)",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": self.category.id,
            }
        )
        own = self._loaners(self.product_serial, ["LN-W1", "LN-W2", "LN-W3"])
        other = self._loaners(equivalent, ["LN-W4"])
        in_category = self._loaners(sibling, ["LN-W5"])
        # Two units of the claimed product are out, due back at different dates.
        for unit, days in ((own[0], 9), (own[1], 4)):
            claim = self._received_claim(f"SN-W{days}")
            self._lend(
                claim, lot_id=unit, date_due=fields.Date.today() + timedelta(days)
            )
        claim = self._received_claim("SN-W0")
        wizard = Form(
            self.env["aftersales.claim.lend"]
            .with_user(self.aftersales_user)
            .with_context(default_claim_id=claim.id)
        )
        self.assertEqual(wizard.candidate_lot_ids[:], own[2] | own[1] | own[0])
        self.assertEqual(wizard.lot_id, own[2])
        self.product_serial.aftersales_loaner_equivalent_ids = (
            equivalent.product_tmpl_id
        )
        self.category.aftersales_loaner_same_category = True
        candidates = claim._loaner_candidates()
        self.assertEqual(candidates[:3], own[2] | other | in_category)
        self.assertEqual(candidates[3:], own[1] | own[0])

    def test_refused_loans_write_nothing(self):
        free, lent, kept, elsewhere = self._loaners(
            self.product_serial, ["LN-R1", "LN-R2", "LN-R3", "LN-R4"]
        )
        elsewhere.quant_ids.unlink()
        other_company_unit = self.env["stock.lot"].create(
            {
                "name": "LN-R-B",
                "product_id": self.product_serial.id,
                "company_id": self.company_b.id,
                "aftersales_loaner": True,
            }
        )
        claim = self._received_claim("SN-R1")
        self._lend(claim, lot_id=lent)
        not_loaner = self._stock(self.product_serial, serials=["LN-R-STOCK"])
        kept.aftersales_loaner_maintenance = True
        in_repair = self._loaners(self.product_serial, ["LN-R5"])
        self.env["repair.order"].create(
            {"product_id": self.product_serial.id, "lot_id": in_repair.id}
        )
        loans_before = self.env["aftersales.loan"].search_count([])
        pickings_before = self.env["stock.picking"].search_count([])
        due = fields.Date.today() + timedelta(days=3)
        cases = [
            (not_loaner, UserError, "not a loaner unit"),
            (lent, UserError, "already on loan"),
            (kept, UserError, "in repair or maintenance"),
            (in_repair, UserError, "in repair or maintenance"),
            (other_company_unit, UserError, "another company"),
            (elsewhere, UserError, "not in the loaner location"),
        ]
        for unit, error, message in cases:
            with self.subTest(unit=unit.name), self.assertRaises(error) as caught:
                loan = self.loans.sudo().create(
                    {"claim_id": claim.id, "lot_id": unit.id, "date_due": due}
                )
                loan.with_user(self.aftersales_user).action_lend()
            self.assertIn(message, str(caught.exception))
        with self.assertRaisesRegex(ValidationError, "before it is lent"):
            self.loans.create(
                {
                    "claim_id": claim.id,
                    "lot_id": free.id,
                    "date_due": fields.Date.today() - timedelta(days=1),
                }
            )
        self.assertEqual(self.env["aftersales.loan"].search_count([]), loans_before)
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings_before)
        loan = self.loans.create(
            {"claim_id": claim.id, "lot_id": free.id, "date_due": due}
        )
        with self.assertRaisesRegex(ValidationError, "before it is lent"):
            loan.date_due = fields.Date.today() - timedelta(days=2)
        loan.action_cancel()
        with self.assertRaisesRegex(UserError, "it is cancelled"):
            loan.action_lend()

    def test_legal_loaner_due_date_and_activity(self):
        today = fields.Date.today()
        claim = self._received_claim("SN-D1")
        self.assertEqual(claim.legal_profile_id, self.profile_ru)
        self.assertEqual(claim.date_loaner_due, today + timedelta(days=3))
        with freeze_time(today + timedelta(days=2)):
            self.env["aftersales.claim"]._cron_deadlines()
        activity = claim.activity_ids.filtered(lambda a: a.summary == "Loaner due")
        self.assertEqual(activity.date_deadline, claim.date_loaner_due)
        self.assertEqual(activity.user_id, claim.user_id or self.env.user)
        # Once a loaner is out, no reminder is due any more.
        self._loaners(self.product_serial, ["LN-D1"])
        other = self._received_claim("SN-D2")
        self._lend(other)
        with freeze_time(today + timedelta(days=2)):
            self.env["aftersales.claim"]._cron_deadlines()
        self.assertFalse(
            other.activity_ids.filtered(lambda a: a.summary == "Loaner due")
        )

    def test_excluded_category_owes_no_loaner(self):
        self.category.aftersales_loaner_excluded = True
        claim = self._received_claim("SN-X1")
        self.assertTrue(claim.loaner_excluded)
        self.assertFalse(claim.date_loaner_due)
        with freeze_time(fields.Date.today() + timedelta(days=5)):
            self.env["aftersales.claim"]._cron_deadlines()
        self.assertFalse(
            claim.activity_ids.filtered(lambda a: a.summary == "Loaner due")
        )
        # A loaner can still be lent, as a service.
        self._loaners(self.product_serial, ["LN-X1"])
        self.assertEqual(self._lend(claim).state, "lent")

    def test_overdue_cron_marks_warns_and_emails(self):
        unit = self._loaners(self.product_serial, ["LN-O1"])
        claim = self._received_claim("SN-O1")
        loan = self._lend(claim, date_due=fields.Date.today() + timedelta(days=2))
        self.customer.email = "customer@example.com"
        with freeze_time(fields.Date.today() + timedelta(days=2)):
            self.assertFalse(self.env["aftersales.loan"]._cron_overdue())
        with freeze_time(fields.Date.today() + timedelta(days=3)):
            self.assertEqual(self.env["aftersales.loan"]._cron_overdue(), loan)
            self.assertFalse(self.env["aftersales.loan"]._cron_overdue())
        self.assertTrue(loan.is_overdue)
        self.assertEqual(unit.aftersales_loaner_state, "overdue")
        activity = loan.activity_ids
        self.assertEqual(
            (activity.summary, activity.user_id),
            ("Loaner overdue", self.aftersales_user),
        )
        # The reminder is a message of the claim's conversation, which the
        # customer reads on the portal, e-mailed to them once; the loan notes
        # that it was sent.
        reminders = (claim.message_ids | loan.message_ids).filtered(
            lambda m: m.subject and "Please return the loaner unit LN-O1" in m.subject
        )
        self.assertEqual(reminders.mapped("model"), ["aftersales.claim"])
        self.assertEqual(reminders.message_type, "auto_comment")
        self.assertFalse(reminders.is_internal)
        self.assertIn("was due back on", str(reminders.body))
        # E-mailed to the customer once (the mail itself may already be sent
        # and deleted: its notification stays).
        self.assertEqual(
            reminders.notification_ids.filtered(
                lambda n: n.res_partner_id == self.customer
            ).mapped("notification_type"),
            ["email"],
        )
        self.assertIn(
            f"Reminder sent to {self.customer.name} on claim {claim.name}.",
            " ".join(str(message.body) for message in loan.message_ids),
        )
        # A new due date ahead: no longer overdue.
        loan.date_due = fields.Date.today() + timedelta(days=10)
        self.assertFalse(loan.is_overdue)
        self.assertEqual(unit.aftersales_loaner_state, "lent")

    def test_reminder_in_the_customer_language(self):
        self._load_russian()
        self.customer.lang = "ru_RU"
        self._loaners(self.product_serial, ["LN-RU1"])
        claim = self._received_claim("SN-RU1")
        self._lend(claim, date_due=fields.Date.today())
        with freeze_time(fields.Date.today() + timedelta(days=1)):
            self.env["aftersales.loan"]._cron_overdue()
        reminder = claim.message_ids.filtered(lambda m: "LN-RU1" in (m.subject or ""))
        self.assertIn("Пожалуйста, верните подменный товар", reminder.subject)

    def test_statistics(self):
        unit = self._loaners(self.product_serial, ["LN-S1"])
        today = fields.Date.today()
        # The unit entered the pool 20 days ago and was lent twice: 4 days,
        # then 6.
        unit.aftersales_loaner_date = today - timedelta(days=20)
        for start, length in ((18, 4), (8, 6)):
            with freeze_time(today - timedelta(days=start)):
                claim = self._received_claim(f"SN-S{start}")
                loan = self._lend(claim, date_due=today - timedelta(days=start - 5))
            with freeze_time(today - timedelta(days=start - length)):
                loan.action_return()
        self.assertEqual(unit.aftersales_loan_count, 2)
        self.assertEqual(unit.aftersales_loan_days, 10)
        self.assertEqual(unit.aftersales_loan_average_days, 5)
        # 10 days lent of the 21 owned (20 days ago to today, both included).
        self.assertEqual(unit.aftersales_loaner_days_owned, 21)
        self.assertEqual(unit.aftersales_loaner_utilisation, 47.6)
        # Due after 5 days: the first came back in time, the second late.
        self.assertEqual(unit.aftersales_loan_overdue_count, 1)
        self.assertEqual(unit.aftersales_loan_ids.mapped("duration_days"), [6, 4])

    def test_pool_list_queries_do_not_grow_with_units(self):
        pool = self.env.ref("aftersales_service.stock_lot_action_loaner_pool")
        views = self.env["stock.lot"].get_views(
            [
                (
                    self.env.ref(
                        "aftersales_service.stock_lot_view_list_loaner_pool"
                    ).id,
                    "list",
                )
            ]
        )
        list_fields = list(views["models"]["stock.lot"]["fields"])
        lots = self.env["stock.lot"].with_user(self.aftersales_user)
        counts = []
        for size in (2, 6):
            self._loaners(self.product_serial, [f"LN-Q{size}-{i}" for i in range(size)])
            lots.search_read(safe_eval(pool.domain), list_fields)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            lots.search_read(safe_eval(pool.domain), list_fields)
            counts.append(self.env.cr.sql_log_count - before)
            self.env.invalidate_all()
        self.assertEqual(counts[0], counts[1])

    def test_access(self):
        unit = self._loaners(self.product_serial, ["LN-A1"])
        claim = self._received_claim("SN-A1")
        loan = self._lend(claim)
        with self.assertRaises(AccessError):
            loan.with_user(self.aftersales_user).unlink()
        with self.assertRaisesRegex(UserError, "is kept"):
            loan.with_user(self.aftersales_manager).unlink()
        self.assertFalse(
            self.env["aftersales.loan"].with_user(self.user_company_b).search([])
        )
        with self.assertRaises(AccessError):
            loan.with_user(self.employee).read(["name"])
        with self.assertRaises(AccessError):
            loan.with_user(self.salesman).read(["name"])
        # A user of another company cannot lend this company's unit.
        partner_b = self.env["res.partner"].create({"name": "Customer B"})
        with self.assertRaises(UserError):
            self.env["aftersales.loan"].with_user(self.user_company_b).create(
                {
                    "partner_id": partner_b.id,
                    "lot_id": unit.id,
                    "date_due": fields.Date.today(),
                }
            )
        loan.with_user(self.aftersales_user).action_return()
        draft = self.loans.create(
            {
                "partner_id": self.customer.id,
                "lot_id": unit.id,
                "date_due": fields.Date.today(),
            }
        )
        draft.action_cancel()
        draft.with_user(self.aftersales_manager).unlink()
        self.assertFalse(draft.exists())


@tagged("post_install", "-at_install")
class TestLoanRace(TransactionCase):
    """Two users lend the same unit at the same moment, each in a
    transaction of its own: the database lets exactly one through."""

    def setUp(self):
        super().setUp()
        self.db = sql_db.db_connect(self.env.cr.dbname)
        with self.db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            product = env["product.product"].create(
                {
                    "name": "Race loaner (test)",
                    "is_storable": True,
                    "tracking": "serial",
                }
            )
            self.ids = {
                "product": product.product_tmpl_id.id,
                "lot": env["stock.lot"]
                .create(
                    {
                        "name": "LN-RACE",
                        "product_id": product.id,
                        "aftersales_loaner": True,
                    }
                )
                .id,
                "partner": env["res.partner"].create({"name": "Race borrower"}).id,
            }
            # The numbering of the year exists, as after the first loan.
            env["ir.sequence"].next_by_code("aftersales.loan")
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["aftersales.loan"].search([("lot_id", "=", self.ids["lot"])]).unlink()
            env["stock.lot"].browse(self.ids["lot"]).unlink()
            env["product.template"].browse(self.ids["product"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()

    def _loan_vals(self):
        return {
            "lot_id": self.ids["lot"],
            "partner_id": self.ids["partner"],
            "date_due": fields.Date.today(),
        }

    def test_two_transactions_lend_the_same_unit(self):
        with self.db.cursor() as cr_1, self.db.cursor() as cr_2:
            env_1 = api.Environment(cr_1, SUPERUSER_ID, {})
            env_2 = api.Environment(cr_2, SUPERUSER_ID, {})
            # Both users see the unit free...
            for env in (env_1, env_2):
                lot = env["stock.lot"].browse(self.ids["lot"])
                self.assertEqual(lot.aftersales_loaner_state, "free")
            # ... the first lends it and commits; the second's check still
            # sees the unit free (its snapshot), the database refuses.
            env_1["aftersales.loan"].create(self._loan_vals())
            cr_1.commit()
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaisesRegex(UserError, "just lent by someone else"),
            ):
                env_2["aftersales.loan"].create(self._loan_vals())
            cr_2.rollback()
        with self.db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(
                env["aftersales.loan"].search_count([("lot_id", "=", self.ids["lot"])]),
                1,
            )
