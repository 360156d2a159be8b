// A merchant's day through the TypeScript client made from /openapi.json by
// openapi-typescript (generated/schema.d.ts) and openapi-fetch. `tsc` type-checks it
// against the generated types first: a path, an operation, a parameter or a field the
// document lost fails the build before anything runs.
//
//   node build/scenario.js create BASE KEY BUYER
//   node build/scenario.js rest BASE KEY BUYER PAYMENT
import createClient from "openapi-fetch";
import type { paths } from "./generated/schema.js";

function client(base: string, key: string) {
  return createClient<paths>({ baseUrl: base, headers: { Authorization: `Bearer ${key}` } });
}

function expect(what: string, status: number, response: Response, error: unknown): void {
  if (response.status !== status) {
    throw new Error(`${what}: ${response.status} ${JSON.stringify(error)}`);
  }
}

async function create(base: string, key: string, buyer: string): Promise<void> {
  const { data, error, response } = await client(base, key).POST("/v1/checkout-sessions", {
    body: {
      buyer_reference: buyer,
      order: { reference: `${buyer}-order-1`, description: "Kopi club", amount: 10000, currency: "PHP" },
      region: "PH",
      mandate: { description: "Kopi club", max_amount_per_charge: 1000000 },
    },
  });
  expect("createCheckoutSession", 201, response, error);
  console.log(JSON.stringify(data));
}

async function rest(base: string, key: string, buyer: string, payment: string): Promise<void> {
  const c = client(base, key);
  const page = await c.GET("/v1/payments", { params: { query: { limit: 20 } } });
  expect("listPayments", 200, page.response, page.error);
  const ids = page.data?.payments.map((p) => p.id) ?? [];
  if (!ids.includes(payment)) throw new Error(`listPayments: ${payment} not in ${ids}`);
  console.log(JSON.stringify({ listPayments: ids.length }));

  const refund = await c.POST("/v1/payments/{id}/refunds", {
    params: { path: { id: payment }, header: { "Idempotency-Key": "refund-1" } },
    body: { amount: 2500 },
  });
  expect("refundPayment", 201, refund.response, refund.error);
  console.log(JSON.stringify({ refundPayment: refund.data?.state }));

  const endpoint = await c.POST("/v1/webhook-endpoints", {
    body: { url: "http://127.0.0.1:9/hooks", event_types: ["payment.succeeded"] },
  });
  expect("createWebhookEndpoint", 201, endpoint.response, endpoint.error);
  if (!endpoint.data?.secret?.startsWith("whsec_")) throw new Error("createWebhookEndpoint: no whsec_ secret");

  const events = await c.GET("/v1/events", { params: { query: { object_id: payment } } });
  expect("listEvents", 200, events.response, events.error);
  const types = events.data?.events.map((e) => e.type) ?? [];
  if (!types.includes("payment.succeeded")) throw new Error(`listEvents: ${types}`);
  console.log(JSON.stringify({ listEvents: types }));

  const charged = await c.POST("/v1/payments", {
    params: { header: { "Idempotency-Key": "month-2" } },
    body: {
      buyer_reference: buyer,
      wallet: "GCASH",
      order: { reference: `${buyer}-month-2`, description: "Kopi club, month 2", amount: 10000, currency: "PHP" },
    },
  });
  expect("chargeLinkedWallet", 201, charged.response, charged.error);
  console.log(JSON.stringify({ chargeLinkedWallet: charged.data?.state }));

  const wallets = await c.GET("/v1/buyers/{buyer_reference}/wallets", {
    params: { path: { buyer_reference: buyer } },
  });
  expect("listBuyerWallets", 200, wallets.response, wallets.error);
  const linked = wallets.data?.map((w) => w.wallet) ?? [];
  if (!linked.includes("GCASH")) throw new Error(`listBuyerWallets: ${linked}`);
  console.log(JSON.stringify({ listBuyerWallets: linked }));
}

const [command, ...args] = process.argv.slice(2);
const run = command === "create"
  ? create(args[0] ?? "", args[1] ?? "", args[2] ?? "")
  : rest(args[0] ?? "", args[1] ?? "", args[2] ?? "", args[3] ?? "");
run.catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
