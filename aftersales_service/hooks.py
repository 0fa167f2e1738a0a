# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Give every existing company the legal profile of its country, and
    every existing warehouse its loaner location."""
    env["res.company"].search([])._compute_aftersales_legal_profile_id()
    for warehouse in env["stock.warehouse"].with_context(active_test=False).search([]):
        warehouse._aftersales_loaner_location()


def uninstall_hook(env):
    """Drop the claim analysis: Odoo drops the tables and views of the models
    it removes, not materialized views."""
    env.cr.execute("DROP MATERIALIZED VIEW IF EXISTS aftersales_claim_analysis")
