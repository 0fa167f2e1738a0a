# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Service Reports",
    "summary": "Printed after-sales documents: warranty card, acceptance and "
    "repair acts, claim answers, loaner acts, dealer statements",
    "version": "18.0.1.4.0",
    "development_status": "Beta",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-service/aftersales-service",
    "author": "After-Sales Service Authors",
    "maintainers": ["aftersales-service"],
    "license": "AGPL-3",
    "depends": ["aftersales_service"],
    "data": [
        "security/ir.model.access.csv",
        "report/aftersales_claim_reports.xml",
        "report/aftersales_claim_templates.xml",
        "report/aftersales_warranty_reports.xml",
        "report/aftersales_warranty_templates.xml",
        "report/aftersales_loan_reports.xml",
        "report/aftersales_loan_templates.xml",
        "report/aftersales_dealer_reports.xml",
        "report/aftersales_dealer_templates.xml",
        "report/fsm_order_reports.xml",
        "report/fsm_order_templates.xml",
        "report/aftersales_warranty_reserve_reports.xml",
        "report/aftersales_warranty_reserve_templates.xml",
        "views/aftersales_report_views.xml",
        "wizard/aftersales_report_wizard_views.xml",
    ],
    "installable": True,
}
