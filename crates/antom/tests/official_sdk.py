"""Bridge to Antom's official Python SDK for the interop test.

Reads one JSON request on stdin, answers one JSON line on stdout. Uses the
SDK's signing helpers and its public client (`execute()`, transport stubbed),
so what passes here passes with Antom's own code.
"""
import importlib
import json
import sys

from com.alipay.ams.api.tools import signature_tool, webhook_tool

req = json.load(sys.stdin)
if req["op"] == "sign":
    sig = signature_tool.sign(
        req["method"], req["path"], req["client_id"], req["time"], req["body"], req["private_key"]
    )
    print(json.dumps({"signature": sig}))
elif req["op"] == "verify":
    try:
        ok = webhook_tool.check_signature(
            req["method"], req["path"], req["client_id"], req["time"], req["body"],
            req["signature_header"], req["public_key"],
        )
    except Exception as e:  # the rsa package raises on a mismatch
        ok = False
    print(json.dumps({"verified": bool(ok)}))
elif req["op"] == "execute":
    # The SDK's public client, DefaultAlipayClient.execute(), on one inquiryPayment,
    # with only the transport replaced: do_post answers the given headers and body
    # (the client module imported do_post by name, so it is replaced there).
    import com.alipay.ams.api.default_alipay_client as client_module
    from com.alipay.ams.api.default_alipay_client import DefaultAlipayClient
    from com.alipay.ams.api.request.pay.alipay_pay_query_request import AlipayPayQueryRequest

    sent = {}

    def answer(url, headers=None, req_body=None, charset="UTF-8"):
        sent.update(headers or {})
        return [tuple(h) for h in req["headers"]], req["body"].encode("utf-8")

    client_module.do_post = answer
    client = DefaultAlipayClient(
        req["gateway"], req["client_id"], req["merchant_private_key"], req["antom_public_key"]
    )
    inquiry = AlipayPayQueryRequest()
    inquiry.payment_request_id = "pay-1"
    if req.get("key_version"):
        # The client reads a request's key_version when it has one.
        inquiry.key_version = str(req["key_version"])
    signature = lambda: next((v for k, v in sent.items() if k.lower() == "signature"), None)
    try:
        body = json.loads(client.execute(inquiry))
        print(json.dumps({"accepted": True, "status": body["result"]["resultStatus"], "sent_signature": signature()}))
    except Exception as e:
        print(json.dumps({"accepted": False, "error": "%s: %s" % (type(e).__name__, e), "sent_signature": signature()}))
elif req["op"] == "serialise":
    # Builds the SDK's own request (and model) objects from
    # {"__class__": "module:Class", snake_case_property: value, ...} and answers
    # the JSON body the SDK would send. A property the class does not have is
    # refused, so a field the SDK does not know cannot pass unnoticed.
    def build(spec):
        if isinstance(spec, list):
            return [build(x) for x in spec]
        if isinstance(spec, dict) and "__class__" in spec:
            module, name = spec["__class__"].split(":")
            obj = getattr(importlib.import_module(module), name)()
            for key, value in spec.items():
                if key == "__class__":
                    continue
                if not isinstance(getattr(type(obj), key, None), property):
                    sys.exit("%s has no property %s" % (name, key))
                setattr(obj, key, build(value))
            return obj
        return spec

    body = build(req["request"]).to_ams_json()
    print(json.dumps({"body": json.loads(body)}))
else:
    sys.exit("unknown op")
