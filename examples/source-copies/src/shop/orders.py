from dataclasses import dataclass


@dataclass(frozen=True)
class Order:
    sku: str
    quantity: int
    unit_price_cents: int


def order_total(orders: list[Order]) -> int:
    """Total price of a basket, in cents."""
    return sum(order.quantity * order.unit_price_cents for order in orders)
