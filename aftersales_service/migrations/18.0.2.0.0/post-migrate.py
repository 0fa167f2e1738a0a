# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The loaner units already in the pool entered it when they were registered:
the new "In the Pool Since" date, which the upgrade filled with today, takes
their registration day (the day the days owned counted from before)."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE stock_lot
           SET aftersales_loaner_date = create_date::date
         WHERE aftersales_loaner
           AND create_date IS NOT NULL
        """
    )
