# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Give every existing company the legal profile of its country."""
    env["res.company"].search([])._compute_aftersales_legal_profile_id()
