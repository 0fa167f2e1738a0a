# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Service Reports",
    "summary": "Printed after-sales documents: warranty card, acceptance and "
    "repair acts, claim answers, loaner acts, dealer statements",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-service/aftersales-service",
    "author": "After-Sales Service Authors",
    "license": "AGPL-3",
    "depends": ["aftersales_service"],
    "installable": True,
}
