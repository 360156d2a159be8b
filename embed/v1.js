/*! Antom Auto Debit checkout embed, v1. One script tag, one call:
 *    const checkout = AntomCheckout.mount(element, { url, locale, onEvent });
 *    checkout.destroy();
 * The checkout runs in an iframe of its own origin. Only messages from that
 * frame (event.source) and that origin reach onEvent; everything else is
 * ignored. No eval, no inline style attribute: works under a strict CSP.
 * A payment event here is a hint for the page; ship on your backend's webhook. */
(function (global) {
  'use strict';
  var SOURCE = 'antom-checkout';
  var EVENTS = ['ready', 'authorized', 'payment_succeeded', 'payment_failed', 'payment_processing', 'payment_cancelled'];
  var LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

  function fail(message) {
    throw new TypeError('AntomCheckout.mount: ' + message);
  }

  // The event as the page sees it: typed, frozen, nothing it did not say.
  function typed(data) {
    var event = { type: data.event, session: String(data.session || '') };
    if (data.wallet != null) event.wallet = String(data.wallet);
    if (data.payment != null) event.payment = String(data.payment);
    if (typeof data.amount === 'number' && typeof data.currency === 'string') {
      event.amount = Object.freeze({ minor: data.amount, currency: data.currency });
    }
    if (data.reason != null) event.reason = String(data.reason);
    return Object.freeze(event);
  }

  function mount(element, options) {
    var host = typeof element === 'string' ? document.querySelector(element) : element;
    if (!host || host.nodeType !== 1) fail('element must be an element or a selector that finds one');
    options = options || {};
    var src;
    try {
      src = new URL(String(options.url), global.location.href);
    } catch (e) {
      fail('url must be the checkout URL the merchant service returned');
    }
    // A checkout over plain http would hand the buyer's session to the network; loopback is for development.
    if (src.protocol !== 'https:' && !(src.protocol === 'http:' && LOOPBACK.test(src.hostname))) {
      fail('url must be https');
    }
    if (options.locale != null) src.searchParams.set('locale', String(options.locale));
    var onEvent = typeof options.onEvent === 'function' ? options.onEvent : function () {};

    var frame = document.createElement('iframe');
    frame.title = options.title || 'Checkout';
    frame.src = src.href;
    // Scripts, its own cookies and forms; wallet pages open as real tabs (they refuse frames).
    // No top navigation: the checkout never takes the merchant's page away.
    // No `allow` features: the wallet journey needs none (its pages open in a tab of their own).
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox');
    frame.referrerPolicy = 'origin';
    frame.style.border = '0';
    frame.style.width = '100%';
    frame.style.height = (options.height || 640) + 'px';
    host.appendChild(frame);

    function listen(message) {
      if (message.source !== frame.contentWindow || message.origin !== src.origin) return;
      var data = message.data;
      if (!data || typeof data !== 'object' || data.source !== SOURCE) return;
      if (data.event === 'resize') {
        var height = Number(data.height);
        if (height > 0 && height < 100000) frame.style.height = Math.ceil(height) + 'px';
        return;
      }
      if (EVENTS.indexOf(data.event) < 0) return;
      try {
        onEvent(typed(data));
      } catch (e) {
        // The page's handler must not stop the checkout's next events.
        setTimeout(function () {
          throw e;
        });
      }
    }
    global.addEventListener('message', listen);

    var mounted = true;
    return Object.freeze({
      frame: frame,
      destroy: function () {
        if (!mounted) return;
        mounted = false;
        global.removeEventListener('message', listen);
        if (frame.parentNode) frame.parentNode.removeChild(frame);
      },
    });
  }

  global.AntomCheckout = Object.freeze({ version: '1', mount: mount });
})(window);
