/** @odoo-module **/
// Copyright 2026 The After-Sales Service Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The after-sales dashboard: open claims by state, what needs watching,
 * the products that fail most and this month against last month. The
 * figures come from `aftersales.dashboard`; each one opens its records.
 */
export class AftersalesDashboard extends Component {
    static template = "aftersales_service.Dashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call(
            "aftersales.dashboard",
            "get_dashboard_data",
            []
        );
    }

    async refresh() {
        await this.orm.call("aftersales.claim.analysis", "action_refresh", []);
        await this.load();
    }

    open(item) {
        this.action.doAction(item.action);
    }
}

registry.category("actions").add("aftersales_dashboard", AftersalesDashboard);
