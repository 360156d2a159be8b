// Antom Auto Debit checkout embed, v1: types for `window.AntomCheckout`
// (served beside the script at /embed/v1.d.ts).

/** What the checkout tells the page. A payment event is a hint for the page;
 *  the merchant's backend trusts only its webhook or GET /v1/payments/{id}. */
export type CheckoutEvent =
  /** The buyer's checkout is open in the frame (claimed by this browser). */
  | { readonly type: 'ready'; readonly session: string }
  /** The buyer linked a wallet (Antom code, e.g. "GCASH"). */
  | { readonly type: 'authorized'; readonly session: string; readonly wallet: string }
  | PaymentEvent<'payment_succeeded'>
  | PaymentEvent<'payment_failed'>
  | PaymentEvent<'payment_processing'>
  | PaymentEvent<'payment_cancelled'>;

/** A change of the payment's state. */
export interface PaymentEvent<T extends string> {
  readonly type: T;
  readonly session: string;
  /** The payment's id, as the merchant API names it. */
  readonly payment: string;
  /** In minor units of `currency` (ISO 4217): ₱100.00 is { minor: 10000, currency: "PHP" }. */
  readonly amount: { readonly minor: number; readonly currency: string };
  /** Antom's result code when the payment failed, e.g. "USER_BALANCE_NOT_ENOUGH". */
  readonly reason?: string;
}

export interface MountOptions {
  /** The checkout URL the merchant service returned for this buyer (https, or http on loopback). */
  url: string;
  /** One of en, zh-CN, zh-TW, ko, ja, th, vi, id, ms, fil; else the buyer's browser decides. */
  locale?: string;
  /** Called for each event of this checkout's frame, and of no other. */
  onEvent?: (event: CheckoutEvent) => void;
  /** The frame's accessible name (default "Checkout"). */
  title?: string;
  /** Height in px until the checkout reports its own (default 640). */
  height?: number;
}

export interface MountedCheckout {
  /** The iframe the checkout runs in. */
  readonly frame: HTMLIFrameElement;
  /** Removes the frame and its message listener. */
  destroy(): void;
}

export interface AntomCheckout {
  readonly version: '1';
  /** Creates the checkout's iframe in `element` (or the first match of a selector). */
  mount(element: Element | string, options: MountOptions): MountedCheckout;
}

declare global {
  interface Window {
    AntomCheckout: AntomCheckout;
  }
}
