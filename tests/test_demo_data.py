# Copyright 2026 The After-Sales Service Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo data agrees with itself: each demo record obeys the rules that
the code enforces for users, and its dates, prices and messages tell one
story. The checks walk every record of a database installed with the demo
data (the ``demo_env`` fixture); each test lists all the records that break
its rule."""

import itertools

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import ValidationError

OPEN_STATES = ("new", "received", "diagnosis", "in_repair", "ready")
CLOSED_STATES = ("done", "rejected", "cancelled")


def _day(record, timestamp):
    """The day of ``timestamp``, as the code reads it (the user's time zone)."""
    return timestamp and fields.Date.context_today(record, timestamp)


def _check(problems):
    assert not problems, "\n".join(problems)


def _demo_products(env):
    return env["product.product"].browse(
        env["ir.model.data"]
        .search(
            [("module", "=", "aftersales_service"), ("model", "=", "product.product")]
        )
        .mapped("res_id")
    )


def test_the_demo_is_there(demo_env):
    """The walks below see the demo records (else they would prove nothing)."""
    env = demo_env
    for model in (
        "aftersales.claim",
        "aftersales.warranty",
        "aftersales.loan",
        "aftersales.dealer.claim",
        "aftersales.dealer.contract",
    ):
        assert env[model].search_count([]) >= 2, (
            f"{model}: no demo records; did the demo data load? (see the log "
            "of the demo database's install)"
        )
    assert len(_demo_products(env)) >= 4
    # What the demo says it shows: a late claim and an overdue loan, still
    # so on the day of the run.
    assert env.ref("aftersales_service.claim_late").is_late
    assert env.ref("aftersales_service.loan_overdue").is_overdue
    assert env.ref("aftersales_service.loan_overdue").state == "lent"


def test_demo_records_pass_the_constraints(demo_env):
    """Every demo record of the addons passes the checks (the model
    constraints) that a user's records pass, checked again now."""
    env = demo_env
    problems = []
    models = env["ir.model"].search(
        [("model", "=like", "aftersales.%"), ("transient", "=", False)]
    )
    for model in models.mapped("model"):
        if env[model]._abstract or not env[model]._auto:
            continue
        records = env[model].with_context(active_test=False).search([])
        try:
            with env.cr.savepoint():
                records._validate_fields(records._fields)
        except ValidationError as error:
            problems.append(f"{model}: {error}")
    _check(problems)


def test_claims_agree_with_their_warranty_and_dates(demo_env):
    problems = []
    for claim in demo_env["aftersales.claim"].search([]):
        warranty = claim.warranty_id
        name = claim.name
        if not warranty:
            if claim.coverage != "no_warranty":
                problems.append(f"{name}: no warranty but coverage {claim.coverage}")
        else:
            if claim.date_claim < warranty.date_start:
                problems.append(
                    f"{name}: claimed on {claim.date_claim}, before its warranty "
                    f"{warranty.display_name} started ({warranty.date_start})"
                )
            if claim.coverage != warranty._coverage_on(claim.date_claim):
                problems.append(
                    f"{name}: coverage {claim.coverage}, but its warranty gives "
                    f"{warranty._coverage_on(claim.date_claim)} on {claim.date_claim}"
                )
            if claim.product_id != warranty.product_id:
                problems.append(f"{name}: product differs from its warranty's")
            if claim.partner_id.commercial_partner_id != (
                warranty.partner_id.commercial_partner_id
            ) and not claim.message_ids.filtered(
                lambda m: "Opened by a manager" in (m.body or "")
            ):
                problems.append(f"{name}: customer is not the warranty's owner")
        received = _day(claim, claim.date_received)
        returned = _day(claim, claim.date_returned)
        closed = _day(claim, claim.date_closed)
        steps = [
            ("claimed", claim.date_claim),
            ("received", received),
            ("returned", returned),
            ("closed", closed),
        ]
        dated = [(label, day) for label, day in steps if day]
        for (label, day), (next_label, next_day) in itertools.pairwise(dated):
            if next_day < day:
                problems.append(
                    f"{name}: {next_label} on {next_day}, before {label} on {day}"
                )
        if bool(claim.loaner_requested) != bool(claim.date_loaner_requested):
            problems.append(f"{name}: loaner request ticked and dated differently")
        if claim.date_loaner_requested and (
            claim.date_loaner_requested < claim.date_claim
        ):
            problems.append(f"{name}: loaner requested before the claim")
        if claim.state in CLOSED_STATES and not claim.date_closed:
            problems.append(f"{name}: {claim.state} without a closing date")
        if claim.state not in ("new", "cancelled", "rejected") and not received:
            problems.append(f"{name}: {claim.state} but never received")
        # Its transfers happened on the days the claim gives them.
        for picking in claim.picking_ids.filtered(lambda p: p.state == "done"):
            if picking.aftersales_loan_id:
                continue
            expected = {
                "receipt": received,
                "return": returned,
                # A new unit goes out the day the claim is closed.
                "replacement": closed,
            }.get(
                picking.aftersales_leg,
                received if picking.picking_type_code == "incoming" else returned,
            )
            if _day(claim, picking.date_done) != expected:
                problems.append(
                    f"{name}: transfer {picking.name} done on "
                    f"{_day(claim, picking.date_done)}, the claim says {expected}"
                )
    _check(problems)


def test_warranty_states_follow_their_dates(demo_env):
    problems = []
    today = fields.Date.context_today(demo_env["aftersales.warranty"])
    for warranty in demo_env["aftersales.warranty"].search([]):
        if warranty.state == "void":
            continue
        if warranty.date_closed or (warranty.date_end and warranty.date_end < today):
            expected = "expired"
        elif warranty.date_start > today:
            expected = "upcoming"
        else:
            expected = "active"
        if warranty.state != expected:
            problems.append(
                f"{warranty.display_name}: {warranty.state} from {warranty.date_start} "
                f"to {warranty.date_end}, its dates say {expected}"
            )
        if warranty.parent_id and warranty.date_start <= warranty.parent_id.date_end:
            problems.append(f"{warranty.display_name}: starts before its base ends")
    _check(problems)


def test_loans_follow_their_claims(demo_env):
    problems = []
    today = fields.Date.context_today(demo_env["aftersales.loan"])
    for loan in demo_env["aftersales.loan"].search([]):
        claim, name = loan.claim_id, loan.name
        if claim:
            if not claim.loaner_requested:
                problems.append(f"{name}: claim {claim.name} requested no loaner")
            start = max(filter(None, (claim.date_claim, claim.date_loaner_requested)))
            if loan.date_out < start:
                problems.append(
                    f"{name}: lent on {loan.date_out} for claim {claim.name} "
                    f"made or requesting the loaner on {start}"
                )
            if (
                loan.state in ("lent", "returned")
                and claim.date_loaner_due
                and loan.date_out > claim.date_loaner_due
            ):
                problems.append(
                    f"{name}: lent on {loan.date_out}, after the legal day "
                    f"{claim.date_loaner_due}"
                )
            if loan.state == "lent" and claim.state not in OPEN_STATES:
                problems.append(f"{name}: still lent for {claim.state} {claim.name}")
            if loan.partner_id != claim.partner_id:
                problems.append(f"{name}: lent to another than the claim's customer")
        if loan.state in ("lent", "returned"):
            out = loan.picking_out_id
            if out.state != "done" or _day(loan, out.date_done) != loan.date_out:
                problems.append(
                    f"{name}: lent on {loan.date_out}, delivery {out.name} "
                    f"{out.state} on {_day(loan, out.date_done)}"
                )
        if loan.state == "returned":
            back = loan.picking_in_id
            if back.state != "done" or _day(loan, back.date_done) != (
                loan.date_returned
            ):
                problems.append(
                    f"{name}: returned on {loan.date_returned}, receipt "
                    f"{back.name} {back.state} on {_day(loan, back.date_done)}"
                )
            if loan.date_returned < loan.date_out:
                problems.append(f"{name}: returned before it was lent")
        overdue = loan.state == "lent" and loan.date_due < today
        if loan.is_overdue != overdue:
            problems.append(
                f"{name}: overdue flag {loan.is_overdue}, due {loan.date_due}"
            )
    _check(problems)


def test_dealer_claims_within_their_contract(demo_env):
    problems = []
    for dealer_claim in demo_env["aftersales.dealer.claim"].search([]):
        contract, claim = dealer_claim.contract_id, dealer_claim.claim_id
        name = dealer_claim.name
        if claim.dealer_id != dealer_claim.partner_id:
            problems.append(f"{name}: {claim.name} is handled by another dealer")
        if dealer_claim.date < claim.date_claim:
            problems.append(f"{name}: dated before its customer claim")
        if not contract:
            problems.append(f"{name}: no contract")
            continue
        if contract.partner_id != dealer_claim.partner_id.commercial_partner_id:
            problems.append(f"{name}: contract {contract.name} of another dealer")
        for label, day in (
            ("customer claim", claim.date_claim),
            ("dealer claim", dealer_claim.date),
        ):
            if day < contract.date_start or (
                contract.date_end and day > contract.date_end
            ):
                problems.append(
                    f"{name}: {label} of {day} outside contract {contract.name} "
                    f"({contract.date_start} to {contract.date_end})"
                )
        if dealer_claim.state != "draft" and contract.state not in (
            "active",
            "expired",
            "terminated",
        ):
            problems.append(
                f"{name}: {dealer_claim.state} under a {contract.state} contract"
            )
        if dealer_claim.flag_warranty_expired != (claim.coverage != "in_warranty"):
            problems.append(
                f"{name}: warranty flag disagrees with the claim's coverage"
            )
    for contract in demo_env["aftersales.dealer.contract"].search([]):
        ended = contract.date_end and contract.date_end < fields.Date.context_today(
            contract
        )
        if contract.state == "active" and ended:
            problems.append(f"{contract.name}: active after its end date")
    _check(problems)


def test_one_price_per_product(demo_env):
    """The demo sells each of its products at its list price."""
    problems = []
    lines = demo_env["sale.order.line"].search(
        [("product_id", "in", _demo_products(demo_env).ids)]
    )
    assert lines
    for product in lines.product_id:
        product_lines = lines.filtered(lambda line, p=product: line.product_id == p)
        prices = set(product_lines.mapped("price_unit"))
        if prices != {product.lst_price} or any(product_lines.mapped("discount")):
            problems.append(
                f"{product.display_name}: sold at {sorted(prices)} "
                f"(discounts {product_lines.mapped('discount')}), "
                f"list price {product.lst_price}"
            )
    _check(problems)


def test_one_claim_price_per_product(demo_env):
    """A unit's price (the base of penalties) is what its customer paid for
    it, whichever warranty layer covers it now."""
    problems = []
    claims = demo_env["aftersales.claim"].search([])
    for product in claims.product_id:
        prices = set(
            claims.filtered(lambda c, p=product: c.product_id == p).mapped("unit_price")
        )
        if len(prices) > 1:
            problems.append(f"{product.display_name}: claims priced {sorted(prices)}")
    _check(problems)


def test_messages_not_before_their_record(demo_env):
    """Nothing in a chatter is dated before its record, nor in the future,
    and no chatter shows a date moved after the fact."""
    env = demo_env
    now = fields.Datetime.now()
    problems = []
    own_day = {
        "aftersales.claim": lambda r: r.date_claim,
        "aftersales.loan": lambda r: r.date_out,
        "aftersales.dealer.claim": lambda r: r.date,
        "aftersales.supplier.claim": lambda r: r.date,
        "aftersales.dealer.contract": lambda r: r.date_start,
    }
    for model, day_of in own_day.items():
        for record in env[model].search([]):
            for message in record.message_ids:
                if _day(record, message.date) < day_of(record):
                    problems.append(
                        f"{record.display_name}: message of {message.date} before "
                        f"the record's day {day_of(record)}"
                    )
                if message.date > now:
                    problems.append(f"{record.display_name}: message in the future")
    moved = env["mail.tracking.value"].search(
        [
            ("mail_message_id.model", "in", ["aftersales.claim", "aftersales.loan"]),
            ("field_id.name", "in", ["date_claim", "date_received", "date_out"]),
            "|",
            ("old_value_datetime", "!=", False),
            ("old_value_char", "not in", [False, ""]),
        ]
    )
    for tracking in moved:
        message = tracking.mail_message_id
        record = env[message.model].browse(message.res_id)
        problems.append(
            f"{record.display_name}: {tracking.field_id.name} changed from "
            f"{tracking.old_value_datetime or tracking.old_value_char} after the fact"
        )
    # The e-mails say what happened when it happened: the claim's workshop
    # notice on the day it was received.
    template = env.ref("aftersales_service.mail_template_claim_item_received")
    for claim in env["aftersales.claim"].search([("date_received", "!=", False)]):
        subject = template._render_field("subject", claim.ids)[claim.id]
        notices = claim.message_ids.filtered(lambda m, s=subject: m.subject == s)
        # Customers without an e-mail (the history's, reached by phone) get
        # none.
        if (
            claim.company_id.aftersales_notify_item_received
            and claim.partner_id.email
            and not notices
        ):
            problems.append(f"{claim.name}: received without the workshop notice")
        for notice in notices:
            if _day(claim, notice.date) != _day(claim, claim.date_received):
                problems.append(
                    f"{claim.name}: workshop notice of {notice.date}, received "
                    f"on {claim.date_received}"
                )
    _check(problems)


def test_closed_records_have_no_open_activity(demo_env):
    env = demo_env
    problems = [
        f"{claim.name} ({claim.state}): open activity {activity.summary}"
        for claim in env["aftersales.claim"].search([("state", "in", CLOSED_STATES)])
        for activity in claim.activity_ids
    ] + [
        f"{loan.name} ({loan.state}): open activity {activity.summary}"
        for loan in env["aftersales.loan"].search(
            [("state", "in", ("returned", "cancelled"))]
        )
        for activity in loan.activity_ids
    ]
    _check(problems)


def test_withdrawal_proposals_tell_the_analysis(demo_env):
    """The weekly check made the demo's proposal from the demo's own claims
    and deliveries, and its figures still say so."""
    env = demo_env
    proposals = env["aftersales.withdrawal.proposal"].search([])
    assert proposals
    problems = []
    for proposal in proposals.filtered(lambda p: p.alert_type == "early_warning"):
        # Its sale month's units and claims at 3 months in service.
        [(claims, units)] = env["aftersales.service.exposure"]._read_group(
            [
                ("date_cohort", "=", proposal.date_cohort),
                ("product_id", "=", proposal.product_id.id),
                ("company_id", "=", proposal.company_id.id),
                ("months_in_service", "<=", 3),
                ("rate_note", "=", False),
            ],
            [],
            ["service_claim_count:sum", "unit_at_age:sum"],
        )
        if claims != proposal.claim_count:
            problems.append(
                f"{proposal.name}: {proposal.claim_count} claims at 3 MIS, the "
                f"units in service count {claims}"
            )
    for proposal in proposals.filtered(lambda p: p.alert_type != "early_warning"):
        [(claims, units)] = env["aftersales.claim.analysis"]._read_group(
            [
                ("date", ">=", proposal.date_from),
                ("date", "<=", proposal.date_to),
                ("product_id", "=", proposal.product_id.id),
                ("company_id", "=", proposal.company_id.id),
            ],
            [],
            ["unit_claim_count:sum", "unit_count:sum"],
        )
        if (proposal.claim_count, proposal.unit_count) != (claims, units):
            problems.append(
                f"{proposal.name}: {proposal.claim_count} claims on "
                f"{proposal.unit_count} units, the analysis counts {claims} on "
                f"{units}"
            )
    _check(problems)


def test_demo_history_shapes(demo_env):
    """The two years of history behind the story give the figures real
    shapes: deliveries in each of the last 24 months and in three countries
    at least, a months-in-service curve high at first then lower, the bad lot
    of espresso machines flagged by the early warning, costs, and staff (not
    the superuser) responsible for the claims."""
    env = demo_env
    today = fields.Date.context_today(env["aftersales.warranty"])
    warranties = env["aftersales.warranty"].search([("parent_id", "=", False)])
    months = {w.date_start.replace(day=1) for w in warranties}
    first = today.replace(day=1)
    for back in range(24):
        month = first - relativedelta(months=back)
        assert month in months, f"no delivery in {month:%Y-%m}"
    assert len(warranties) >= 600
    assert len(warranties.partner_id.country_id) >= 3
    claims = env["aftersales.claim"].search([])
    assert len(claims) >= 50
    assert not claims.user_id.filtered(
        lambda u: u._is_superuser() or u == env.ref("base.user_admin")
    )
    exposure = env["aftersales.service.exposure"]
    curve = exposure._mis_curve(groupby="product_id")[False]
    rates = {age: rate for age, rate, __, ___ in curve if rate is not None}
    early = sum(rates[age] for age in (1, 2, 3)) / 3
    later = [rates[age] for age in range(6, 19) if age in rates]
    assert early > 1.5 * sum(later) / len(later), rates
    espresso = env.ref("aftersales_service.product_espresso_machine")
    [warning] = env["aftersales.withdrawal.proposal"].search(
        [("alert_type", "=", "early_warning"), ("product_id", "=", espresso.id)]
    )
    assert warning.early_rate > 4 * warning.early_reference
    assert warning.date_cohort == first - relativedelta(months=5)
    [(parts, replacement, labour, refunds, recovered)] = env[
        "aftersales.claim.analysis"
    ]._read_group(
        [],
        [],
        [
            "parts_cost:sum",
            "replacement_cost:sum",
            "labour_cost:sum",
            "refund_cost:sum",
            "recovered_amount:sum",
        ],
    )
    assert parts > 0 and replacement > 0 and labour > 0
    assert refunds > 0 and recovered > 0
    assert env["aftersales.supplier.claim"].search_count([]) >= 3
    assert env["aftersales.loan"].search_count([("state", "=", "returned")]) >= 5
    # The reserve of those units, by the manager: every product sold, a
    # cost ahead, months ahead, and the entry's accounts where the chart has
    # them.
    [reserve] = env["aftersales.warranty.reserve"].search([])
    assert reserve.create_uid == env.ref("aftersales_service.user_demo_manager")
    assert espresso in reserve.product_ids.product_id
    assert reserve.amount_total >= reserve.amount_next > 0
    assert reserve.month_ids.filtered(lambda m: m.months_ahead == 1)
    assert not reserve.note
