"""shop: order handling for the source-copies example."""

from shop.orders import Order, order_total

__all__ = ["Order", "order_total"]
