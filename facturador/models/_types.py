"""Column types that behave the same on SQLite and PostgreSQL.

- `UtcDateTime`: an aware datetime, stored as naive UTC (SQLite keeps no zone), read back aware.
- `MicroAmount`: an exact Decimal stored as an integer count of millionths, so it sorts and
  indexes as a number on both databases (SQLite's NUMERIC is a float). Six decimals is the
  most any CFDI amount carries.
- `DecimalText`: an exact Decimal stored as its canonical string, keeping the scale the
  user typed ("100.00" stays "100.00"); for values that are shown, not sorted.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

__all__ = ["AMOUNT_SCALE", "DecimalText", "MicroAmount", "UtcDateTime"]

AMOUNT_SCALE = 6
_FACTOR = Decimal(10) ** AMOUNT_SCALE


class UtcDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UtcDateTime needs an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class MicroAmount(TypeDecorator[Decimal]):
    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"MicroAmount needs a Decimal, got {type(value).__name__}")
        scaled = value * _FACTOR
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {AMOUNT_SCALE} decimals")
        return int(scaled)

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        amount = Decimal(value).scaleb(-AMOUNT_SCALE).normalize()
        # Show at least two decimals: 1500 -> 1500.00, 0.125 stays 0.125.
        if amount.as_tuple().exponent > -2:  # type: ignore[operator]
            amount = amount.quantize(Decimal("0.01"))
        return amount


class DecimalText(TypeDecorator[Decimal]):
    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, Decimal) or not value.is_finite():
            raise TypeError(f"DecimalText needs a finite Decimal, got {value!r}")
        return str(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)
