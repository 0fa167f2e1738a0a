# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import ast
import re
from pathlib import Path

import polib
from lxml import etree

from odoo.tests import TransactionCase, tagged

MODULE = "aftersales_service"
ADDON = Path(__file__).parent.parent
RU_PO = ADDON / "i18n" / "ru.po"
WORDS = re.compile(r"[^\W\d_]{2,}")

# The texts of this addon's records that customers read: on the warranty card,
# the claim papers, the portal and the public service points page.
CUSTOMER_FIELDS = {
    "aftersales.warranty.policy": ("name", "card_note"),
    "aftersales.legal.profile": ("name", "law_reference", "note"),
    "aftersales.dealer.contract": ("point_hours",),
    "aftersales.claim.type": ("name",),
    "aftersales.failure.category": ("name",),
    "aftersales.failure.code": ("name", "description"),
    "aftersales.labour.operation": ("name",),
    "aftersales.parts.kit": ("name",),
}
# The other texts of those models, and why they stay as typed.
UNTRANSLATED_FIELDS = {
    # RU, EU, US
    "aftersales.legal.profile": ("code",),
    # the contract's number, the dealer's address and phone (written once, in
    # the country's language, as res.partner's), the contract's own terms
    "aftersales.dealer.contract": (
        "name",
        "point_street",
        "point_city",
        "point_phone",
        "note",
    ),
    # technical codes
    "aftersales.claim.type": ("code",),
    "aftersales.failure.code": ("code",),
    "aftersales.labour.operation": ("code",),
}
# Odoo's models of which this addon ships records customers read (the demo
# products, printed on the warranty card and the acts).
CORE_FIELDS = {
    "product.template": ("name", "description_sale"),
}
# A product.product record of the XML files sets the fields of its template.
TEMPLATE_OF = {"product.product": "product.template"}


def _has_words(text):
    return bool(WORDS.search(text or ""))


@tagged("post_install", "-at_install")
class TestRussianData(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(
            [MODULE], ["ru_RU"], overwrite=True
        )
        cls.po = polib.pofile(str(RU_PO))
        cls.by_occurrence = {}
        for entry in cls.po:
            for occurrence, __ in entry.occurrences:
                cls.by_occurrence.setdefault(occurrence, []).append(entry)

    def _xml_records(self):
        """Yield (file, xmlid, model, field name, value) of the addon's data
        and demo files for the customer-facing fields."""
        manifest = ast.literal_eval((ADDON / "__manifest__.py").read_text())
        fields_of = {**CUSTOMER_FIELDS, **CORE_FIELDS}
        for path in manifest["data"] + manifest.get("demo", []):
            if not path.endswith(".xml"):
                continue
            for record in etree.parse(str(ADDON / path)).iter("record"):
                model = TEMPLATE_OF.get(record.get("model"), record.get("model"))
                if model not in fields_of:
                    continue
                xmlid = record.get("id")
                if record.get("model") in TEMPLATE_OF:
                    xmlid = f"{xmlid}_product_template"
                for field in record.iter("field"):
                    name = field.get("name")
                    if name not in fields_of[model] or {"eval", "ref"} & set(
                        field.keys()
                    ):
                        continue
                    if field.get("type") == "html":
                        value = (field.text or "") + "".join(
                            etree.tostring(child, encoding="unicode") for child in field
                        )
                    else:
                        value = field.text or ""
                    yield path, xmlid, model, name, value

    def test_customer_fields_are_translatable(self):
        for model, names in {**CUSTOMER_FIELDS, **CORE_FIELDS}.items():
            for name in names:
                field = self.env[model]._fields[name]
                self.assertTrue(field.translate, f"{model}.{name} is not translatable")
        # Every text of these models is either translated or named above as
        # staying as typed: a new text field has to take a side.
        for model, names in CUSTOMER_FIELDS.items():
            known = set(names) | set(UNTRANSLATED_FIELDS.get(model, ()))
            texts = {
                name
                for name, field in self.env[model]._fields.items()
                if field.type in ("char", "text", "html")
                and field.store
                and not field.compute
                and not field.related
            }
            self.assertFalse(
                texts - known,
                f"{model}: say whether customers read these fields",
            )

    def test_data_records_read_in_russian(self):
        """The records the addon installs show Russian to a Russian customer."""
        data = self.env["ir.model.data"].search(
            [("module", "=", MODULE), ("model", "in", list(CUSTOMER_FIELDS))]
        )
        self.assertTrue(data.filtered(lambda d: d.model == "aftersales.claim.type"))
        checked = 0
        for xmlid in data:
            record = self.env[xmlid.model].browse(xmlid.res_id)
            english = record.with_context(lang="en_US")
            russian = record.with_context(lang="ru_RU")
            for name in CUSTOMER_FIELDS[xmlid.model]:
                field = record._fields[name]
                source = english[name]
                if not _has_words(str(source or "")):
                    continue
                checked += 1
                label = f"{xmlid.complete_name} {name}"
                self.assertTrue(russian[name], f"{label}: no Russian")
                self.assertNotEqual(str(russian[name]), str(source), label)
                if callable(field.translate):
                    left = set(field.get_trans_terms(russian[name]))
                    english_terms = [
                        term
                        for term in field.get_trans_terms(source)
                        if term in left and _has_words(term)
                    ]
                    self.assertFalse(english_terms, f"{label}: terms left in English")
        self.assertGreater(checked, 20)

    def test_data_and_demo_files_have_russian(self):
        """Every customer-facing text of the data and demo files has its
        Russian in ru.po (the demo records are not in the test database)."""
        missing = []
        checked = 0
        for path, xmlid, model, name, value in self._xml_records():
            if not _has_words(value):
                continue
            field = self.env[model]._fields[name]
            kind = "model_terms" if callable(field.translate) else "model"
            occurrence = f"{kind}:{model},{name}:{MODULE}.{xmlid}"
            entries = {e.msgid: e for e in self.by_occurrence.get(occurrence, [])}
            value = field.convert_to_cache(value, self.env[model])
            terms = field.get_trans_terms(value)
            for term in filter(_has_words, terms):
                checked += 1
                entry = entries.get(term)
                if not entry or not entry.msgstr or entry.msgstr == entry.msgid:
                    missing.append(f"{path} {xmlid} {name}: {term[:60]}")
        self.assertFalse(missing, "no Russian in ru.po")
        self.assertGreater(checked, 40)
        # The files name the demo records too.
        xmlids = {xmlid for __, xmlid, *__ in self._xml_records()}
        self.assertIn("warranty_policy_manufacturer_24", xmlids)
        self.assertIn("dealer_contract_north_star", xmlids)

    def test_demo_russian_values(self):
        """The words of the issue: the demo's terms, notes and hours."""
        expected = {
            "model:aftersales.warranty.policy,name:"
            f"{MODULE}.warranty_policy_manufacturer_24": "Гарантия производителя",
            "model_terms:aftersales.warranty.policy,card_note:"
            f"{MODULE}.warranty_policy_manufacturer_24": "производственных недостатков",
            "model:aftersales.dealer.contract,point_hours:"
            f"{MODULE}.dealer_contract_north_star": "Пн\u2013Пт",
            "model:product.template,name:"
            f"{MODULE}.product_washing_machine_product_template": "Стиральная машина",
        }
        for occurrence, word in expected.items():
            entries = self.by_occurrence.get(occurrence)
            self.assertTrue(entries, occurrence)
            self.assertIn(word, entries[0].msgstr, occurrence)

    def test_wrong_words_stay_fixed(self):
        """A unit of equipment is a «товар», a warranty «действует», and the
        portal's search placeholder fits its box."""
        russian = {entry.msgid: entry.msgstr for entry in self.po}
        self.assertEqual(russian["Unit"], "Товар")
        self.assertEqual(russian["Active"], "Действует")
        self.assertEqual(russian["Expired"], "Срок истёк")
        self.assertLessEqual(len(russian["Search in Serial Number"]), 20)
        env_ru = self.env(context={"lang": "ru_RU"})
        view = env_ru.ref("aftersales_service.aftersales_claim_view_form")
        arch = etree.fromstring(view.arch)
        self.assertEqual(arch.xpath("//group[@name='unit']")[0].get("string"), "Товар")
        # A count of units delivered may say «единиц»; a unit is no «единица
        # товара», and «Единица» alone is a unit of measure.
        for entry in self.po:
            self.assertNotRegex(entry.msgstr, r"(?i)единиц\w*\s+товар", entry.msgid)
            if entry.msgstr == "Единица":
                self.assertRegex(entry.msgid, "measure", entry.msgid)
