"""A merchant's scenario through the Python client that openapi-python-client
generated from /openapi.json (package `merchant_client`, on PYTHONPATH).

  python_client.py operations DOC        every operationId has its module
  python_client.py create BASE KEY BUYER creates a checkout session with a mandate
  python_client.py rest BASE KEY BUYER PAYMENT
      lists payments, refunds, registers a webhook endpoint, lists events,
      charges the linked wallet and lists the buyer's wallets

Each step prints one JSON line; any surprise raises (non-zero exit).
"""

import importlib
import json
import pkgutil
import re
import sys


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def operations(doc_path):
    import merchant_client.api as api

    doc = json.load(open(doc_path))
    wanted = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    found = set()
    for tag in pkgutil.iter_modules(api.__path__):
        package = importlib.import_module(f"merchant_client.api.{tag.name}")
        for module in pkgutil.iter_modules(package.__path__):
            found.add(module.name)
    missing = [op for op in wanted if snake(op) not in found]
    print(json.dumps({"operations": len(wanted), "generated": len(found), "missing": missing}))
    if missing:
        raise SystemExit(f"missing from the generated client: {missing}")


def client(base, key):
    from merchant_client import AuthenticatedClient

    return AuthenticatedClient(base_url=base, token=key, raise_on_unexpected_status=True)


def expect(response, status, what):
    if response.status_code != status:
        raise SystemExit(f"{what}: {response.status_code} {response.content!r}")
    return response.parsed


def create(base, key, buyer):
    from merchant_client.api.checkout_sessions import create_checkout_session
    from merchant_client.models import NewCheckoutSession

    body = NewCheckoutSession.from_dict({
        "buyer_reference": buyer,
        "order": {"reference": f"{buyer}-order-1", "description": "Kopi club", "amount": 10000, "currency": "PHP"},
        "region": "PH",
        "mandate": {"description": "Kopi club", "max_amount_per_charge": 1000000},
    })
    created = expect(create_checkout_session.sync_detailed(client=client(base, key), body=body), 201, "createCheckoutSession")
    print(json.dumps(created.to_dict()))


def rest(base, key, buyer, payment):
    from merchant_client.api.buyers_wallets import list_buyer_wallets
    from merchant_client.api.events import list_events
    from merchant_client.api.payments import charge_linked_wallet, list_payments
    from merchant_client.api.refunds import refund_payment
    from merchant_client.api.webhook_endpoints import create_webhook_endpoint
    from merchant_client.models import NewCharge, NewRefund, NewWebhookEndpoint

    c = client(base, key)
    page = expect(list_payments.sync_detailed(client=c), 200, "listPayments")
    ids = [p.id for p in page.payments]
    if payment not in ids:
        raise SystemExit(f"listPayments: {payment} not in {ids}")
    print(json.dumps({"listPayments": len(ids)}))
    refund = expect(
        refund_payment.sync_detailed(payment, client=c, body=NewRefund(amount=2500), idempotency_key="refund-1"),
        201,
        "refundPayment",
    )
    print(json.dumps({"refundPayment": refund.to_dict()["state"]}))
    endpoint = expect(
        create_webhook_endpoint.sync_detailed(
            client=c,
            body=NewWebhookEndpoint.from_dict({"url": "http://127.0.0.1:9/hooks", "event_types": ["payment.succeeded"]}),
        ),
        201,
        "createWebhookEndpoint",
    )
    if not endpoint.to_dict()["secret"].startswith("whsec_"):
        raise SystemExit("createWebhookEndpoint: no whsec_ secret")
    events = expect(list_events.sync_detailed(client=c, object_id=payment), 200, "listEvents")
    types = [e.to_dict()["type"] for e in events.events]
    if "payment.succeeded" not in types:
        raise SystemExit(f"listEvents: {types}")
    print(json.dumps({"listEvents": types}))
    charge = NewCharge.from_dict({
        "buyer_reference": buyer,
        "wallet": "GCASH",
        "order": {"reference": f"{buyer}-month-2", "description": "Kopi club, month 2", "amount": 10000, "currency": "PHP"},
    })
    charged = expect(charge_linked_wallet.sync_detailed(client=c, body=charge, idempotency_key="month-2"), 201, "chargeLinkedWallet")
    print(json.dumps({"chargeLinkedWallet": charged.to_dict()["state"]}))
    wallets = expect(list_buyer_wallets.sync_detailed(buyer, client=c), 200, "listBuyerWallets")
    linked = [w.to_dict()["wallet"] for w in wallets]
    if "GCASH" not in linked:
        raise SystemExit(f"listBuyerWallets: {linked}")
    print(json.dumps({"listBuyerWallets": linked}))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"operations": operations, "create": create, "rest": rest}[command](*args)
