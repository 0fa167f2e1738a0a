# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Russian legal profile (noupdate data) gets its commissioning fallback
days, new in this version, unless a manager already set them."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE aftersales_legal_profile p
           SET commissioning_fallback_days = 30
          FROM ir_model_data d
         WHERE d.model = 'aftersales.legal.profile'
           AND d.module = 'aftersales_service'
           AND d.name = 'legal_profile_ru'
           AND d.res_id = p.id
           AND COALESCE(p.commissioning_fallback_days, 0) = 0
        """
    )
