# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class AftersalesCommon(BaseCommon):
    """Two companies and the users of each after-sales role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company_b = cls.env["res.company"].create(
            {"name": "After-Sales Company B", "country_id": cls.env.ref("base.de").id}
        )
        cls.aftersales_user = new_test_user(
            cls.env,
            login="as_user",
            groups="aftersales_service.group_aftersales_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.aftersales_manager = new_test_user(
            cls.env,
            login="as_manager",
            groups="aftersales_service.group_aftersales_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.user_company_b = new_test_user(
            cls.env,
            login="as_user_b",
            groups="aftersales_service.group_aftersales_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.employee = new_test_user(
            cls.env, login="as_employee", groups="base.group_user"
        )
        cls.profile_ru = cls.env.ref("aftersales_service.legal_profile_ru")
        cls.profile_eu = cls.env.ref("aftersales_service.legal_profile_eu")
        cls.profile_us = cls.env.ref("aftersales_service.legal_profile_us")
