/** @odoo-module **/
// Copyright 2026 The After-Sales Service Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The after-sales dashboard: open claims by state, what needs watching,
 * the products that fail most and this month against last month. The
 * figures come from `aftersales.dashboard`; each one opens its records.
 * Refresh asks the cron worker for new analysis figures; the bus says when
 * they are in, and every open dashboard then loads them.
 */
export class AftersalesDashboard extends Component {
    static template = "aftersales_service.Dashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.busService = useService("bus_service");
        this.state = useState({ data: null, refreshing: false });
        this.onRefreshed = () => this.refreshed();
        this.busService.subscribe("aftersales_service/analysis_refreshed", this.onRefreshed);
        onWillUnmount(() =>
            this.busService.unsubscribe(
                "aftersales_service/analysis_refreshed",
                this.onRefreshed
            )
        );
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
        this.state.refreshing = true;
        const action = await this.orm.call(
            "aftersales.claim.analysis",
            "action_refresh",
            []
        );
        this.notification.add(action.params.message, { type: "info" });
    }

    async refreshed() {
        await this.load();
        if (this.state.refreshing) {
            this.state.refreshing = false;
            this.notification.add(_t("The analysis figures are up to date."), {
                type: "success",
            });
        }
    }

    open(item) {
        this.action.doAction(item.action);
    }
}

registry.category("actions").add("aftersales_dashboard", AftersalesDashboard);
