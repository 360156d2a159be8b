"""Schemathesis hooks for `openapi.rs`: the run's own check, and the few rules of the
service that JSON Schema cannot state (they are written in the fields' descriptions).

The check: a request the document calls valid is never refused as malformed. Refusals
about state or content (not linked, not refundable, a report's rows) are answers, not
schema gaps, and carry their own codes.
"""

import os
import re

import schemathesis

# The repairs below keep a *valid* request within the rules JSON Schema cannot state.
# A negative case (a field the document refuses) must reach the service as drawn: a
# repair that made it valid would look like the service taking invalid data. So each
# repair runs only when the fields it touches are valid by the document.
REGIONS = {"CN", "HK", "ID", "JP", "KR", "MY", "PH", "SG", "TH", "VN"}
ORIGIN = re.compile(r"^https?://[^/?#\s]+$")
COLOR = re.compile(r"^\s*#[0-9A-Fa-f]{6}\s*$")
INTERVALS = {"day", "week", "month", "year"}

# The codes that mean "this request is malformed": the document should have said so.
MALFORMED = {"VALIDATION", "IDEMPOTENCY_KEY_REQUIRED", "IDEMPOTENCY_KEY_INVALID", "NO_REPORT_FILES"}

# Rules between fields, or against the service's configuration, which JSON Schema cannot
# state; the fields' descriptions say them. (The `map_body` hook below keeps generated
# bodies within them, so the other fields are exercised; the coverage phase, which draws
# boundary values straight from the document, can still meet them.)
CROSS_FIELD = (
    "embed_origin must be one of MERCHANT_ORIGINS",
    "order.items add up to",
    "region must be one of regions",
    "contrast against white",
    "amounts in multiples of",
    "min_amount must not exceed max_amount",
    "that region is not offered for this checkout",
    # The document's description: no string anywhere in a request holds U+0000
    # (PostgreSQL cannot store it); JSON Schema cannot say it of unknown properties.
    "NUL character",
    # Against the clock: an API key's expiry is in the future.
    "must be in the future",
    # A webhook's host must be a public name: JSON Schema cannot resolve or classify addresses.
    "the address is not allowed",
    # A mandate's interval maximum is at least its per-charge maximum, and comes with its interval.
    "mandate.max_amount_per_interval must be at least",
    "mandate.interval and mandate.max_amount_per_interval go together",
    # A charge's retry days increase.
    "retry days must increase",
    # A relink names a link of this buyer (the store, not the schema, knows them) and no mandate.
    "renews names the link a relink checkout renews",
    "renews must name a link of this buyer",
    "a relink checkout keeps the mandate",
)


@schemathesis.check
def valid_request_is_not_refused_as_malformed(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if response.status_code not in (400, 413, 415, 422):
        return None
    try:
        code = response.json().get("code")
    except Exception:
        code = None
    text = response.text
    if code == "VALIDATION" and any(rule in text for rule in CROSS_FIELD):
        return None
    if code is None or code in MALFORMED:
        raise AssertionError(
            f"a request the document calls valid was refused: {response.status_code} {response.text[:400]}"
        )
    return None


def _op(ctx):
    return ctx.operation.method.upper(), ctx.operation.path


def _whole(value):
    """The document's integers are int64; the service takes no float for them, not even
    1.0 (money never passes through a float), which JSON Schema's `integer` allows."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _whole(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole(v) for v in value]
    return value


def _readable(color):
    """`brand_color` must have 4.5:1 contrast against white (WCAG AA). A value that
    is no `#rrggbb` at all (a negative case) is left for the service to refuse."""
    hexa = color.strip().lstrip("#")
    if len(hexa) != 6 or any(c not in "0123456789abcdefABCDEF" for c in hexa):
        return True

    def channel(i):
        v = int(hexa[i : i + 2], 16) / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    return 1.05 / (luminance + 0.05) >= 4.5


def _order(order):
    """`order.items` add up to `order.amount`; IDR amounts are whole rupiah (×100)."""
    if not isinstance(order, dict):
        return order
    if order.get("currency") == "IDR":
        for key in ("amount",):
            if isinstance(order.get(key), int) and 100 <= order[key] <= 2**63 - 1:
                order[key] = order[key] // 100 * 100
        for item in order.get("items") if isinstance(order.get("items"), list) else []:
            if isinstance(item, dict) and isinstance(item.get("unit_amount"), int):
                item["unit_amount"] = item["unit_amount"] // 100 * 100
    items = order.get("items")
    # Negative cases may make any field any type or out of range: an order with an item
    # the document itself refuses is left for the service to refuse, not repaired.
    def valid(item):
        # As the document's OrderItem says (jsonschema reads `pattern` with re.search too).
        name = item.get("name") if isinstance(item, dict) else None
        return (
            isinstance(item, dict)
            and isinstance(name, str)
            and 1 <= len(name) <= 128
            and re.search(r"[^\s\u0085]", name) is not None
            and isinstance(item.get("quantity"), int)
            and 1 <= item["quantity"] <= 1_000_000
            and isinstance(item.get("unit_amount"), int)
            and 0 <= item["unit_amount"] <= 2**63 - 1
        )

    if isinstance(items, list) and not all(valid(i) for i in items):
        return order
    if isinstance(items, list) and items and isinstance(order.get("amount"), int):
        whole = lambda v: v if isinstance(v, int) else 0  # noqa: E731
        total = sum(whole(i.get("unit_amount")) * whole(i.get("quantity")) for i in items if isinstance(i, dict))
        if total != order["amount"]:
            order["items"] = []
    return order


@schemathesis.hook
def map_body(ctx, body):
    body = _whole(body)
    if not isinstance(body, dict):
        return body
    method, path = _op(ctx)
    if (method, path) in (("POST", "/v1/checkout-sessions"), ("POST", "/v1/payments")):
        body["order"] = _order(body.get("order"))
    if (method, path) == ("POST", "/v1/checkout-sessions"):
        # One of the service's MERCHANT_ORIGINS (configuration, not schema).
        origin = body.get("embed_origin")
        if origin is None or (isinstance(origin, str) and ORIGIN.match(origin)):
            body.pop("embed_origin", None)
        regions = body.get("regions")
        if (
            isinstance(regions, list)
            and regions
            and all(isinstance(r, str) and r in REGIONS for r in regions)
            and isinstance(body.get("region"), str)
            and body["region"] in REGIONS
            and body["region"] not in regions
        ):
            body["region"] = regions[0]
        color = body.get("brand_color")
        if isinstance(color, str) and COLOR.match(color) and not _readable(color):
            body["brand_color"] = "#1453c7"
        # `renews` goes with mode relink only (and names a link only the store knows).
        renews = body.get("renews")
        renews_valid = renews is None or (isinstance(renews, str) and renews.startswith("lw_") and len(renews) <= 64)
        if body.get("mode") != "relink":
            if renews_valid:
                body.pop("renews", None)
        elif not renews:
            body["mode"] = "setup"
        mandate = body.get("mandate")
        if isinstance(mandate, dict):
            per_charge = mandate.get("max_amount_per_charge")
            interval = mandate.get("interval")
            per_interval = mandate.get("max_amount_per_interval")
            interval_valid = interval is None or (isinstance(interval, str) and interval in INTERVALS)
            per_interval_valid = per_interval is None or (isinstance(per_interval, int) and per_interval >= 1)
            if interval_valid and per_interval_valid and (interval is None) != (per_interval is None):
                mandate.pop("interval", None)
                mandate.pop("max_amount_per_interval", None)
            per_interval = mandate.get("max_amount_per_interval")
            if (
                isinstance(per_charge, int)
                and per_charge >= 1
                and isinstance(per_interval, int)
                and 1 <= per_interval < per_charge
            ):
                mandate["max_amount_per_interval"] = per_charge
    if (method, path) == ("POST", "/v1/payments"):
        days = body.get("retry_days")
        if isinstance(days, list) and len(days) <= 6 and all(isinstance(d, int) and 1 <= d <= 60 for d in days):
            body["retry_days"] = sorted(set(days))
    if (method, path) == ("POST", "/v1/reconciliation/imports"):
        # Each file once (by name).
        given = body.get("files")
        if isinstance(given, list) and all(
            isinstance(f, dict) and isinstance(f.get("name"), str) and isinstance(f.get("content"), str) for f in given
        ):
            seen, files = set(), []
            for f in given:
                if f["name"] not in seen:
                    seen.add(f["name"])
                    files.append(f)
            body["files"] = files or given
    return body


@schemathesis.hook
def map_path_parameters(ctx, parameters):
    # The app's routes are for the checkout its cookie claimed.
    session = os.environ.get("CHECKOUT_SESSION_ID")
    if session and parameters and "id" in parameters and ctx.operation.path.startswith("/api/"):
        parameters["id"] = session
    return parameters
