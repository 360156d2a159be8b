// Benchmark-only page: Adyen Web Drop-in offering the same wallets as our seeded
// PH session (GCash, Maya, GrabPay), built the way Adyen recommends for size
// (tree-shaken components, not the "auto" bundle). Like our checkout, it makes
// one call to its merchant server for the payment methods before it can show
// them (a real shop proxies Adyen's /paymentMethods). Analytics off; logos from
// Adyen's CDN cannot load on this closed network, which only helps Adyen.
import { AdyenCheckout, Dropin, Redirect } from '@adyen/adyen-web';
import '@adyen/adyen-web/styles/adyen.css';

const paymentMethodsResponse = await (await fetch('payment-methods.json')).json();
const checkout = await AdyenCheckout({
  environment: 'test',
  clientKey: 'test_BENCHMARKONLYNOTAREALKEY000000',
  countryCode: 'PH',
  locale: 'en-US',
  amount: { value: 10000, currency: 'PHP' },
  analytics: { enabled: false },
  paymentMethodsResponse,
  // The bench's "primary action usable": when a click on the pay button reached the shop's code.
  onSubmit: (_state, _component, actions) => {
    window.benchActionAt ??= performance.now();
    actions.resolve({ resultCode: 'Authorised' });
  },
  onAdditionalDetails: (_state, _component, actions) => actions.resolve({ resultCode: 'Authorised' }),
});
new Dropin(checkout, { paymentMethodComponents: [Redirect] }).mount('#dropin');
