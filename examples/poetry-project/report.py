"""Monthly report: the code that runs on the poetry_deps image."""

from datetime import date

from dateutil.relativedelta import relativedelta
from tabulate import tabulate


def month_table(start: date, months: int) -> str:
    rows = [(i + 1, (start + relativedelta(months=i)).strftime("%Y-%m")) for i in range(months)]
    return tabulate(rows, headers=["#", "month"], tablefmt="github")


if __name__ == "__main__":
    print(month_table(date.today().replace(day=1), 3))
