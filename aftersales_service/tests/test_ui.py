# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    def test_user_opens_the_app_and_its_configuration(self):
        new_test_user(
            self.env,
            login="as_tour_user",
            groups="aftersales_service.group_aftersales_user",
        )
        self.start_tour(
            "/odoo", "aftersales_service_configuration_tour", login="as_tour_user"
        )
