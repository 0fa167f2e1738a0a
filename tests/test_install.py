# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Uninstalling both addons leaves nothing that breaks a second install."""

UNINSTALL = """
modules = env["ir.module.module"].search(
    [("name", "in", ["aftersales_service", "aftersales_service_reports"])]
)
modules.button_immediate_uninstall()
"""


def _module_states(database):
    return dict(
        database.query(
            "SELECT name, state FROM ir_module_module WHERE name IN %s",
            [("aftersales_service", "aftersales_service_reports")],
        )
    )


def _leftovers(database):
    """What the addons put in the database that should go with them."""
    return {
        "models": database.query(
            "SELECT model FROM ir_model WHERE model LIKE 'aftersales.%%'"
        ),
        "tables": database.query(
            "SELECT tablename FROM pg_tables WHERE tablename LIKE 'aftersales_%%'"
        ),
        "company columns": database.query(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'res_company' AND column_name LIKE 'aftersales_%%'"
        ),
        "xml ids": database.query(
            "SELECT module, name FROM ir_model_data "
            "WHERE module IN ('aftersales_service', 'aftersales_service_reports')"
        ),
        "menus": database.query(
            "SELECT id FROM ir_ui_menu WHERE name->>'en_US' = 'After-Sales'"
        ),
    }


def test_uninstall_and_reinstall(addons_database):
    assert set(_module_states(addons_database).values()) == {"installed"}
    addons_database.close()

    # Russian company: the reinstall must give it the Russian profile.
    addons_database.query(
        "UPDATE res_partner SET country_id = "
        "(SELECT id FROM res_country WHERE code = 'RU') "
        "WHERE id = (SELECT partner_id FROM res_company WHERE id = 1) RETURNING id"
    )
    addons_database.odoo(script=UNINSTALL)
    assert set(_module_states(addons_database).values()) == {"uninstalled"}
    assert all(not rows for rows in _leftovers(addons_database).values()), _leftovers(
        addons_database
    )
    addons_database.close()

    addons_database.odoo("--init=aftersales_service_reports", "--without-demo=all")
    assert set(_module_states(addons_database).values()) == {"installed"}
    codes = addons_database.query(
        "SELECT code FROM aftersales_legal_profile ORDER BY sequence"
    )
    assert codes == [("RU",), ("EU",), ("US",)]
    assert addons_database.query(
        "SELECT p.code FROM res_company c "
        "JOIN aftersales_legal_profile p ON p.id = c.aftersales_legal_profile_id "
        "WHERE c.id = 1"
    ) == [("RU",)]
