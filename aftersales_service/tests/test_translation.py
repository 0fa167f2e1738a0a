# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import re
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged

I18N = Path(__file__).parent.parent / "i18n"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


@tagged("post_install", "-at_install")
class TestRussianTranslation(TransactionCase):
    def test_every_string_is_translated(self):
        template = polib.pofile(str(I18N / "aftersales_service.pot"))
        russian = {entry.msgid: entry for entry in polib.pofile(str(I18N / "ru.po"))}
        missing = [e.msgid for e in template if not russian.get(e.msgid, e).msgstr]
        self.assertFalse(missing, "untranslated in ru.po")
        for msgid, entry in russian.items():
            self.assertEqual(
                sorted(PLACEHOLDER.findall(msgid)),
                sorted(PLACEHOLDER.findall(entry.msgstr)),
                msgid,
            )
            self.assertNotIn("fuzzy", entry.flags, msgid)

    def test_interface_in_russian(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(
            ["aftersales_service"], ["ru_RU"], overwrite=True
        )
        env_ru = self.env(context={"lang": "ru_RU"})
        self.assertEqual(
            env_ru.ref("aftersales_service.menu_aftersales_root").name,
            "Послепродажное обслуживание",
        )
        profile = env_ru.ref("aftersales_service.legal_profile_ru")
        self.assertIn("прав потребителей", profile.name)
        field = env_ru["ir.model.fields"]._get(
            "aftersales.legal.profile", "penalty_rate"
        )
        self.assertIn("Неустойка", field.field_description)
