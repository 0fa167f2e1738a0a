# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestLegalProfile(AftersalesCommon):
    def test_statutory_numbers(self):
        ru, eu, us = self.profile_ru, self.profile_eu, self.profile_us
        self.assertEqual(
            (ru.repair_days, ru.replacement_days, ru.replacement_check_days),
            (45, 7, 20),
        )
        self.assertEqual((ru.replacement_stock_days, ru.money_days), (30, 10))
        self.assertTrue(ru.loaner_required)
        self.assertEqual((ru.loaner_days, ru.penalty_rate), (3, 1.0))
        self.assertEqual(ru.paid_repair_penalty_rate, 3.0)
        self.assertEqual(ru.extension_mode, "repair_time")
        self.assertEqual(ru.transport_weight, 5.0)
        self.assertIn(self.env.ref("base.ru"), ru.country_ids)
        # The EU sets no repair deadline: the company's target applies.
        self.assertEqual(eu.repair_days, 0)
        self.assertEqual((eu.warranty_min_months, eu.proof_burden_months), (24, 12))
        self.assertEqual((eu.extension_mode, eu.extension_months), ("fixed", 12))
        self.assertEqual(eu.extension_date_from, date(2026, 7, 31))
        self.assertEqual(len(eu.country_ids), 27)
        self.assertIn(self.env.ref("base.de"), eu.country_ids)
        self.assertEqual((us.lemon_attempts, us.lemon_days), (4, 30))
        self.assertFalse(us.loaner_required)
        self.assertEqual(us.penalty_rate, 0.0)

    def test_user_reads_but_cannot_change(self):
        profiles = (
            self.env["aftersales.legal.profile"]
            .with_user(self.aftersales_user)
            .search([])
        )
        self.assertLessEqual(
            self.profile_ru | self.profile_eu | self.profile_us, profiles
        )
        as_user = self.profile_ru.with_user(self.aftersales_user)
        self.assertIn("2300-1", as_user.law_reference)
        with self.assertRaises(AccessError):
            as_user.write({"repair_days": 60})
        with self.assertRaises(AccessError):
            as_user.unlink()
        with self.assertRaises(AccessError):
            as_user.create({"name": "Mine", "code": "XX"})
        self.assertEqual(self.profile_ru.repair_days, 45)

    def test_employee_reads_without_the_app(self):
        as_employee = self.profile_eu.with_user(self.employee)
        self.assertEqual(as_employee.extension_months, 12)
        with self.assertRaises(AccessError):
            as_employee.write({"extension_months": 6})

    def test_manager_changes_creates_and_deletes(self):
        profiles = self.env["aftersales.legal.profile"].with_user(
            self.aftersales_manager
        )
        self.profile_ru.with_user(self.aftersales_manager).write({"repair_days": 30})
        self.assertEqual(self.profile_ru.repair_days, 30)
        kz = profiles.create(
            {
                "name": "Kazakhstan",
                "code": "KZ",
                "country_ids": [(6, 0, self.env.ref("base.kz").ids)],
                "repair_days": 15,
            }
        )
        self.assertEqual(kz.display_name, "Kazakhstan (KZ)")
        kz.unlink()
        self.assertFalse(kz.exists())

    def test_admin_is_manager(self):
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("aftersales_service.group_aftersales_manager"))
        self.assertTrue(
            self.aftersales_manager.has_group(
                "aftersales_service.group_aftersales_user"
            )
        )
        self.assertFalse(
            self.aftersales_user.has_group(
                "aftersales_service.group_aftersales_manager"
            )
        )

    @mute_logger("odoo.sql_db")
    def test_negative_numbers_refused(self):
        as_manager = self.profile_ru.with_user(self.aftersales_manager)
        for field in (
            "repair_days",
            "loaner_days",
            "penalty_rate",
            "warranty_min_months",
        ):
            with self.subTest(field=field), self.assertRaises(IntegrityError):
                as_manager.write({field: -1})
                as_manager.flush_recordset()
        self.profile_ru.invalidate_recordset()
        self.assertEqual(
            (self.profile_ru.repair_days, self.profile_ru.loaner_days), (45, 3)
        )

    @mute_logger("odoo.sql_db")
    def test_fixed_extension_needs_months(self):
        with self.assertRaises(IntegrityError):
            self.profile_ru.write({"extension_mode": "fixed", "extension_months": 0})
            self.profile_ru.flush_recordset()

    def test_code_unique_per_company(self):
        profiles = self.env["aftersales.legal.profile"]
        with self.assertRaises(ValidationError) as refused:
            profiles.create({"name": "Again", "code": "RU"})
        self.assertIn("RU is already used", str(refused.exception))
        self.assertEqual(profiles.search_count([("code", "=", "RU")]), 1)
        # Another company may keep its own profile under the same code.
        own = self.env["aftersales.legal.profile"].create(
            {"name": "Russia (B)", "code": "RU", "company_id": self.company_b.id}
        )
        self.assertTrue(own.exists())

    def test_company_default_follows_its_country(self):
        companies = self.env["res.company"].create(
            [
                {"name": "RU Co", "country_id": self.env.ref("base.ru").id},
                {"name": "FR Co", "country_id": self.env.ref("base.fr").id},
                {"name": "US Co", "country_id": self.env.ref("base.us").id},
                {"name": "JP Co", "country_id": self.env.ref("base.jp").id},
            ]
        )
        self.assertEqual(
            companies.mapped("aftersales_legal_profile_id"),
            self.profile_ru | self.profile_eu | self.profile_us,
        )
        self.assertFalse(companies[3].aftersales_legal_profile_id)
        companies[2].country_id = self.env.ref("base.ru")
        self.assertEqual(companies[2].aftersales_legal_profile_id, self.profile_ru)
        # A company whose new country has no profile keeps the one it had.
        companies[2].country_id = self.env.ref("base.jp")
        self.assertEqual(companies[2].aftersales_legal_profile_id, self.profile_ru)
        self.assertEqual(self.company_b.aftersales_legal_profile_id, self.profile_eu)

    def test_company_profile_wins_over_shared_one(self):
        ru = self.env.ref("base.ru")
        own = self.env["aftersales.legal.profile"].create(
            {
                "name": "Russia, stricter",
                "code": "RU-B",
                "company_id": self.company_b.id,
                "country_ids": [(6, 0, ru.ids)],
                "repair_days": 20,
            }
        )
        profiles = self.env["aftersales.legal.profile"]
        self.assertEqual(profiles._find_for_country(ru, self.company_b), own)
        self.assertEqual(profiles._find_for_country(ru, self.company), self.profile_ru)
        self.assertFalse(profiles._find_for_country(self.env.ref("base.jp")))
        self.assertFalse(profiles._find_for_country(self.env["res.country"]))

    def test_other_company_profile_is_invisible(self):
        own = self.env["aftersales.legal.profile"].create(
            {"name": "Company B rules", "code": "B", "company_id": self.company_b.id}
        )
        profiles = self.env["aftersales.legal.profile"]
        self.assertNotIn(own, profiles.with_user(self.aftersales_user).search([]))
        self.assertIn(own, profiles.with_user(self.user_company_b).search([]))
        with self.assertRaises(AccessError):
            own.with_user(self.aftersales_user).read(["name"])

    def test_settings_set_the_company_defaults(self):
        admin = new_test_user(
            self.env,
            login="as_settings_admin",
            groups="base.group_system,stock.group_stock_manager,"
            "aftersales_service.group_aftersales_manager",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        settings = Form(self.env["res.config.settings"].with_user(admin))
        settings.aftersales_legal_profile_id = self.profile_eu
        settings.aftersales_repair_days = 21
        settings.save().execute()
        self.assertEqual(self.company.aftersales_legal_profile_id, self.profile_eu)
        self.assertEqual(self.company.aftersales_repair_days, 21)

    def test_user_cannot_change_settings(self):
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.aftersales_manager).create(
                {"aftersales_repair_days": 5}
            )

    @mute_logger("odoo.sql_db")
    def test_repair_target_must_be_positive(self):
        with self.assertRaises(IntegrityError):
            self.company.write({"aftersales_repair_days": 0})
            self.company.flush_recordset()
