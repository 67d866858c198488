//! Number values: whole numbers for integer fields, and the digits a field's precision and
//! scale allow (too many decimals only warn: Salesforce rounds them).

use super::{type_error, CheckOutcome, Checker};
use crate::num::number_to_decimal;
use crate::{ErrorCode, FieldDescribe, FieldError, FieldType};
use rust_decimal::Decimal;
use serde_json::{Number, Value};

impl Checker {
    pub(super) fn check_number(
        &self,
        key: &str,
        f: &FieldDescribe,
        n: &Number,
        out: &mut CheckOutcome,
    ) {
        let out_of_range = |out: &mut CheckOutcome| {
            out.errors.push(FieldError::new(
                key,
                ErrorCode::NumberOutsideValidRange,
                format!(
                    "{}: value outside of valid range on numeric field: {n}",
                    f.label
                ),
            ))
        };
        let Some(d) = number_to_decimal(n) else {
            return out_of_range(out);
        };
        match f.field_type {
            FieldType::Int | FieldType::Long => {
                if !d.fract().is_zero() {
                    out.errors.push(type_error(
                        key,
                        f,
                        &Value::Number(n.clone()),
                        " (the field holds whole numbers: round the value first)",
                    ));
                    return;
                }
                let (min, max) = if f.field_type == FieldType::Int {
                    (Decimal::from(i32::MIN), Decimal::from(i32::MAX))
                } else {
                    (Decimal::from(i64::MIN), Decimal::from(i64::MAX))
                };
                if (f.digits > 0 && integer_digits(d) > f.digits) || d < min || d > max {
                    out_of_range(out);
                }
            }
            _ => {
                if f.precision == 0 {
                    return;
                }
                if integer_digits(d) > f.precision.saturating_sub(f.scale) {
                    return out_of_range(out);
                }
                if d.normalize().scale() > f.scale {
                    out.warnings.push(FieldError::new(
                        key,
                        ErrorCode::NumberOutsideValidRange,
                        format!(
                            "{}: {n} has more than {} decimal places: Salesforce will round it \
                             to {} places",
                            f.label, f.scale, f.scale
                        ),
                    ));
                }
            }
        }
    }
}

/// Digits left of the decimal point (0 for 0.5).
fn integer_digits(d: Decimal) -> u32 {
    let mut n = d.trunc().mantissa().unsigned_abs() / 10u128.pow(d.trunc().scale());
    let mut digits = 0;
    while n > 0 {
        digits += 1;
        n /= 10;
    }
    digits
}
