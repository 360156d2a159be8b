order-heading = Pay { $merchant }
