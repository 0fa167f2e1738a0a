# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Service",
    "summary": "Warranties, warranty claims, repairs, loaners and dealer "
    "service in one after-sales workflow",
    "version": "18.0.1.2.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-service/aftersales-service",
    "author": "After-Sales Service Authors",
    "license": "AGPL-3",
    "depends": ["sale_stock", "repair", "helpdesk_mgmt", "portal", "rating"],
    "data": [
        "security/aftersales_service_groups.xml",
        "security/aftersales_service_security.xml",
        "security/ir.model.access.csv",
        "data/aftersales_legal_profile_data.xml",
        "data/aftersales_warranty_data.xml",
        "data/aftersales_claim_data.xml",
        "views/aftersales_legal_profile_views.xml",
        "views/aftersales_claim_views.xml",
        "views/aftersales_failure_code_views.xml",
        "views/aftersales_failure_category_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/aftersales_warranty_policy_views.xml",
        "views/aftersales_warranty_views.xml",
        "views/product_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/stock_lot_views.xml",
        "views/res_config_settings_views.xml",
        "report/sale_order_templates.xml",
        "wizard/aftersales_warranty_check_views.xml",
        "wizard/aftersales_claim_reject_views.xml",
        "views/aftersales_service_menus.xml",
    ],
    "demo": [
        "demo/aftersales_service_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_service/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "application": True,
    "installable": True,
}
