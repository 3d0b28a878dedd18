"""Entry point copied to /srv/main.py (copy_contents_only=True)."""

import os

import yaml

from shop import Order, order_total


def main() -> None:
    with open(os.environ["SHOP_SETTINGS"], encoding="utf-8") as handle:
        settings = yaml.safe_load(handle)
    basket = [Order("mug", 2, 1299), Order("tea", 1, 2000)]
    print(f"[{settings['currency']}] total: {order_total(basket) / 100:.2f}")


if __name__ == "__main__":
    main()
