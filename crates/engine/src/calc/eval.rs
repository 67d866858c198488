//! The calc evaluator: walks a parsed tree against a scope. Numbers stay
//! `rust_decimal::Decimal` on the stack, text is borrowed from the expression or the record
//! where it can be, and only the final result becomes JSON.

use super::ast::{BinOp, Func, Node};
use super::CalcScope;
use crate::num::{decimal_to_json, number_to_decimal, parse_decimal};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, MathematicalOps, RoundingStrategy};
use serde_json::{Number, Value};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::Write as _;

const DIVISION_BY_ZERO: &str = "division by zero";

fn overflow() -> String {
    "overflow: the result is too large (numbers go up to about 7.9e28)".to_string()
}

/// A value while an expression runs.
#[derive(Debug, Clone)]
pub(super) enum Val<'a> {
    Null,
    Bool(bool),
    Num(Decimal),
    Str(Cow<'a, str>),
    /// A list, an object, or a JSON number too large for a decimal: passed through as is.
    Json(&'a Value),
}

impl<'a> Val<'a> {
    fn from_json(v: &'a Value) -> Val<'a> {
        match v {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(*b),
            Value::Number(n) => json_number(n).map_or(Val::Json(v), Val::Num),
            Value::String(s) => Val::Str(Cow::Borrowed(s)),
            Value::Array(_) | Value::Object(_) => Val::Json(v),
        }
    }

    pub(super) fn into_json(self) -> Value {
        match self {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(b),
            Val::Num(d) => decimal_to_json(d),
            Val::Str(s) => Value::String(s.into_owned()),
            Val::Json(v) => v.clone(),
        }
    }

    /// How a value is shown in an error message.
    fn describe(&self) -> String {
        match self {
            Val::Null => "NULL".to_string(),
            Val::Bool(true) => "TRUE".to_string(),
            Val::Bool(false) => "FALSE".to_string(),
            Val::Num(d) => d.normalize().to_string(),
            Val::Str(s) => {
                let short: String = s.chars().take(40).collect();
                let more = if s.chars().nth(40).is_some() {
                    "…"
                } else {
                    ""
                };
                format!("'{short}{more}'")
            }
            Val::Json(Value::Array(_)) => "a list".to_string(),
            Val::Json(Value::Object(_)) => "an object".to_string(),
            Val::Json(other) => other.to_string(),
        }
    }
}

/// A JSON number as a decimal, as `num::number_to_decimal` reads it, without allocating
/// for floats (their shortest text is written into a stack buffer).
pub(super) fn json_number(n: &Number) -> Option<Decimal> {
    if let Some(i) = n.as_i64() {
        return Some(Decimal::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Some(Decimal::from(u));
    }
    let mut buf = StackText::default();
    if write!(buf, "{n}").is_err() {
        return number_to_decimal(n);
    }
    parse_decimal(buf.as_str()).or_else(|| n.as_f64().and_then(Decimal::from_f64))
}

/// A small text buffer on the stack.
struct StackText {
    bytes: [u8; 48],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        StackText {
            bytes: [0; 48],
            len: 0,
        }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// A number, `None` for null; text that is not a number is an error naming it.
fn num(v: &Val) -> Result<Option<Decimal>, String> {
    match v {
        Val::Null => Ok(None),
        Val::Num(d) => Ok(Some(*d)),
        Val::Str(s) => match parse_decimal(s) {
            Some(d) => Ok(Some(d)),
            None => Err(format!("{} is not a number", v.describe())),
        },
        Val::Json(Value::Number(_)) => Err(format!(
            "{} is out of range (numbers go up to about 7.9e28)",
            v.describe()
        )),
        _ => Err(format!("{} is not a number", v.describe())),
    }
}

/// TRUE / FALSE, `None` for null; anything else is an error saying who needed it.
fn boolean(v: &Val, who: &str) -> Result<Option<bool>, String> {
    match v {
        Val::Null => Ok(None),
        Val::Bool(b) => Ok(Some(*b)),
        _ => Err(format!(
            "{who} needs TRUE, FALSE or NULL, got {}",
            v.describe()
        )),
    }
}

/// Text, `None` for null; numbers and booleans become their text.
fn text<'a>(v: Val<'a>) -> Result<Option<Cow<'a, str>>, String> {
    match v {
        Val::Null => Ok(None),
        Val::Str(s) => Ok(Some(s)),
        Val::Num(d) => Ok(Some(Cow::Owned(d.normalize().to_string()))),
        Val::Bool(b) => Ok(Some(Cow::Borrowed(if b { "true" } else { "false" }))),
        Val::Json(Value::Number(n)) => Ok(Some(Cow::Owned(n.to_string()))),
        other => Err(format!("{} is not text", other.describe())),
    }
}

pub(super) fn eval<'a>(node: &'a Node, scope: &'a dyn CalcScope) -> Result<Val<'a>, String> {
    Ok(match node {
        Node::Num(d) => Val::Num(*d),
        Node::Str(s) => Val::Str(Cow::Borrowed(s)),
        Node::Bool(b) => Val::Bool(*b),
        Node::Null => Val::Null,
        Node::Value => Val::from_json(scope.value()),
        Node::Arg(n) => scope.arg(*n).map_or(Val::Null, Val::from_json),
        Node::Record(path) => scope.record(path).map_or(Val::Null, Val::from_json),
        Node::Neg(e) => num(&eval(e, scope)?)?.map_or(Val::Null, |d| Val::Num(-d)),
        Node::Plus(e) => num(&eval(e, scope)?)?.map_or(Val::Null, Val::Num),
        Node::Not(e) => boolean(&eval(e, scope)?, "NOT")?.map_or(Val::Null, |b| Val::Bool(!b)),
        Node::And(l, r) => {
            let left = boolean(&eval(l, scope)?, "AND")?;
            if left == Some(false) {
                return Ok(Val::Bool(false));
            }
            match (left, boolean(&eval(r, scope)?, "AND")?) {
                (_, Some(false)) => Val::Bool(false),
                (Some(true), Some(true)) => Val::Bool(true),
                _ => Val::Null,
            }
        }
        Node::Or(l, r) => {
            let left = boolean(&eval(l, scope)?, "OR")?;
            if left == Some(true) {
                return Ok(Val::Bool(true));
            }
            match (left, boolean(&eval(r, scope)?, "OR")?) {
                (_, Some(true)) => Val::Bool(true),
                (Some(false), Some(false)) => Val::Bool(false),
                _ => Val::Null,
            }
        }
        Node::Bin(op, l, r) => {
            let left = eval(l, scope)?;
            let right = eval(r, scope)?;
            if op.is_comparison() {
                compare(*op, &left, &right)?
            } else {
                match (num(&left)?, num(&right)?) {
                    (Some(a), Some(b)) => Val::Num(arithmetic(*op, a, b)?),
                    _ => Val::Null,
                }
            }
        }
        Node::Call(func, args) => call(*func, args, scope)?,
    })
}

fn arithmetic(op: BinOp, a: Decimal, b: Decimal) -> Result<Decimal, String> {
    match op {
        BinOp::Add => a.checked_add(b).ok_or_else(overflow),
        BinOp::Sub => a.checked_sub(b).ok_or_else(overflow),
        BinOp::Mul => a.checked_mul(b).ok_or_else(overflow),
        BinOp::Div if b.is_zero() => Err(DIVISION_BY_ZERO.to_string()),
        BinOp::Div => a.checked_div(b).ok_or_else(overflow),
        BinOp::Rem if b.is_zero() => Err(DIVISION_BY_ZERO.to_string()),
        BinOp::Rem => a.checked_rem(b).ok_or_else(overflow),
        BinOp::Pow => pow(a, b),
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            Err(format!("'{}' is not arithmetic", op.symbol()))
        }
    }
}

/// Comparisons. Null on either side gives null. Numbers compare as numbers, also with
/// numeric text; two texts compare as text; `=` / `<>` work on booleans, lists and objects
/// too, and values of different kinds are simply not equal. Ordering anything else is an
/// error.
fn compare<'a>(op: BinOp, a: &Val<'a>, b: &Val<'a>) -> Result<Val<'a>, String> {
    let order = match (a, b) {
        (Val::Null, _) | (_, Val::Null) => return Ok(Val::Null),
        (Val::Num(x), Val::Num(y)) => Some(x.cmp(y)),
        (Val::Str(x), Val::Str(y)) => Some(x.as_ref().cmp(y.as_ref())),
        (Val::Num(x), Val::Str(s)) => parse_decimal(s).map(|y| x.cmp(&y)),
        (Val::Str(s), Val::Num(y)) => parse_decimal(s).map(|x| x.cmp(y)),
        _ => None,
    };
    let equal = match order {
        Some(order) => order == Ordering::Equal,
        None => match (op, a, b) {
            (BinOp::Eq | BinOp::Ne, Val::Bool(x), Val::Bool(y)) => x == y,
            (BinOp::Eq | BinOp::Ne, Val::Json(x), Val::Json(y)) => x == y,
            (BinOp::Eq | BinOp::Ne, _, _) => false,
            // Ordering a number against text that is not a number.
            (_, Val::Num(_), Val::Str(_)) => return Err(num(b).err().unwrap_or_default()),
            (_, Val::Str(_), Val::Num(_)) => return Err(num(a).err().unwrap_or_default()),
            _ => {
                return Err(format!(
                    "'{}' orders numbers or text, not {} and {}",
                    op.symbol(),
                    a.describe(),
                    b.describe()
                ))
            }
        },
    };
    let result = match op {
        BinOp::Eq => equal,
        BinOp::Ne => !equal,
        _ => {
            let order = order.unwrap_or(Ordering::Equal);
            match op {
                BinOp::Lt => order == Ordering::Less,
                BinOp::Le => order != Ordering::Greater,
                BinOp::Gt => order == Ordering::Greater,
                _ => order != Ordering::Less,
            }
        }
    };
    Ok(Val::Bool(result))
}

fn call<'a>(func: Func, args: &'a [Node], scope: &'a dyn CalcScope) -> Result<Val<'a>, String> {
    // The parser checked the argument count.
    let arg = |i: usize| eval(&args[i], scope);
    let number = |i: usize| num(&arg(i)?);
    let unary = |f: fn(Decimal) -> Result<Decimal, String>| -> Result<Val<'a>, String> {
        match number(0)? {
            Some(x) => Ok(Val::Num(f(x)?)),
            None => Ok(Val::Null),
        }
    };
    let binary = |f: fn(Decimal, Decimal) -> Result<Decimal, String>| -> Result<Val<'a>, String> {
        match (number(0)?, number(1)?) {
            (Some(a), Some(b)) => Ok(Val::Num(f(a, b)?)),
            _ => Ok(Val::Null),
        }
    };
    match func {
        Func::If => match boolean(&arg(0)?, "IF's condition")? {
            Some(true) => arg(1),
            _ => arg(2),
        },
        Func::Abs => unary(|x| Ok(x.abs())),
        Func::Floor => unary(|x| Ok(x.floor())),
        Func::Ceil => unary(|x| Ok(x.ceil())),
        Func::Sqrt => unary(sqrt),
        Func::Round => {
            let x = number(0)?;
            let digits = if args.len() == 2 {
                number(1)?
            } else {
                Some(Decimal::ZERO)
            };
            match (x, digits) {
                (Some(x), Some(digits)) => Ok(Val::Num(round(x, digits)?)),
                _ => Ok(Val::Null),
            }
        }
        Func::Pow => binary(pow),
        Func::Mod => binary(|a, b| arithmetic(BinOp::Rem, a, b)),
        Func::Min | Func::Max => {
            let mut best: Option<Decimal> = None;
            let mut saw_null = false;
            for i in 0..args.len() {
                match number(i)? {
                    None => saw_null = true,
                    Some(x) => {
                        best = Some(match best {
                            None => x,
                            Some(b) if func == Func::Min => b.min(x),
                            Some(b) => b.max(x),
                        })
                    }
                }
            }
            Ok(match best {
                Some(b) if !saw_null => Val::Num(b),
                _ => Val::Null,
            })
        }
        Func::Len => {
            let n = text(arg(0)?)?.map_or(0, |t| t.chars().count());
            Ok(Val::Num(Decimal::from(n)))
        }
        Func::Upper => {
            Ok(text(arg(0)?)?.map_or(Val::Null, |t| Val::Str(Cow::Owned(t.to_uppercase()))))
        }
        Func::Lower => {
            Ok(text(arg(0)?)?.map_or(Val::Null, |t| Val::Str(Cow::Owned(t.to_lowercase()))))
        }
        Func::Concat => {
            let mut joined = String::new();
            for i in 0..args.len() {
                if let Some(t) = text(arg(i)?)? {
                    joined.push_str(&t);
                }
            }
            Ok(Val::Str(Cow::Owned(joined)))
        }
    }
}

/// ROUND: half away from zero, to `digits` decimal places (negative: tens, hundreds, …).
fn round(x: Decimal, digits: Decimal) -> Result<Decimal, String> {
    if !digits.fract().is_zero() {
        return Err(format!(
            "ROUND needs a whole number of digits, got {}",
            digits.normalize()
        ));
    }
    let away = RoundingStrategy::MidpointAwayFromZero;
    match digits.to_i64() {
        Some(d) if d >= 0 => Ok(x.round_dp_with_strategy(d.min(28) as u32, away)),
        Some(d) if d >= -28 => {
            let factor = Decimal::from_i128_with_scale(10i128.pow(d.unsigned_abs() as u32), 0);
            x.checked_div(factor)
                .map(|q| q.round_dp_with_strategy(0, away))
                .and_then(|q| q.checked_mul(factor))
                .ok_or_else(overflow)
        }
        // Past 28 places either way: unchanged, or rounded to zero.
        _ if digits.is_sign_positive() => Ok(x),
        _ => Ok(Decimal::ZERO),
    }
}

/// SQRT by Newton's method from a floating-point first guess, in checked decimal steps.
fn sqrt(x: Decimal) -> Result<Decimal, String> {
    if x.is_zero() {
        return Ok(Decimal::ZERO);
    }
    if x.is_sign_negative() {
        return Err(format!("SQRT of a negative number ({})", x.normalize()));
    }
    let mut root = x
        .to_f64()
        .map(f64::sqrt)
        .and_then(Decimal::from_f64)
        .filter(|r| !r.is_zero())
        .unwrap_or(Decimal::ONE);
    for _ in 0..64 {
        let next = x
            .checked_div(root)
            .and_then(|q| q.checked_add(root))
            .and_then(|s| s.checked_div(Decimal::TWO))
            .ok_or_else(overflow)?;
        if next == root || next.is_zero() {
            break;
        }
        root = next;
    }
    Ok(root.normalize())
}

/// `x ^ y` and POW(x, y): exact for whole exponents; a fractional exponent needs a base of
/// zero or more and is computed as e^(y·ln x), to 20 significant digits.
fn pow(x: Decimal, y: Decimal) -> Result<Decimal, String> {
    if y.fract().is_zero() {
        let Some(n) = y.to_i64() else {
            // A whole exponent past ±9.2e18.
            return if x.is_zero() {
                if y.is_sign_negative() {
                    Err(DIVISION_BY_ZERO.to_string())
                } else {
                    Ok(Decimal::ZERO)
                }
            } else if x.abs() == Decimal::ONE {
                let even = y.checked_rem(Decimal::TWO).is_some_and(|r| r.is_zero());
                Ok(if x.is_sign_negative() && !even {
                    -Decimal::ONE
                } else {
                    Decimal::ONE
                })
            } else if (x.abs() > Decimal::ONE) == y.is_sign_positive() {
                Err(overflow())
            } else {
                Ok(Decimal::ZERO)
            };
        };
        if n < 0 && x.is_zero() {
            return Err(DIVISION_BY_ZERO.to_string());
        }
        let grows = (x.abs() > Decimal::ONE) == (n > 0);
        return match x.checked_powi(n) {
            Some(r) => Ok(r),
            None if grows => Err(overflow()),
            // The magnitude fell below the smallest decimal.
            None => Ok(Decimal::ZERO),
        };
    }
    if x.is_zero() {
        return if y.is_sign_negative() {
            Err(DIVISION_BY_ZERO.to_string())
        } else {
            Ok(Decimal::ZERO)
        };
    }
    if x.is_sign_negative() {
        return Err(format!(
            "a negative number can't be raised to a fractional power ({} ^ {})",
            x.normalize(),
            y.normalize()
        ));
    }
    let exponent = x
        .checked_ln()
        .and_then(|ln| ln.checked_mul(y))
        .ok_or_else(overflow)?;
    // e^-66 is below the smallest decimal (1e-28); e^66 is near the largest.
    if exponent < Decimal::from(-66) {
        return Ok(Decimal::ZERO);
    }
    if exponent > Decimal::from(67) {
        return Err(overflow());
    }
    let r = exponent.checked_exp().ok_or_else(overflow)?;
    Ok(r.round_sf(20).unwrap_or(r).normalize())
}
