//! The tree a calc expression parses into, and the table of built-in functions (names,
//! argument counts, usage lines for error messages).

use crate::path::Segment;
use rust_decimal::Decimal;

/// One node of a parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    Num(Decimal),
    Str(Box<str>),
    Bool(bool),
    Null,
    /// `value`: the current value in the transform chain.
    Value,
    /// `$n`, 1-based.
    Arg(usize),
    /// `record.<path>`.
    Record(Box<[Segment]>),
    /// Unary `-`.
    Neg(Box<Node>),
    /// Unary `+`: the operand as a number.
    Plus(Box<Node>),
    Not(Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Bin(BinOp, Box<Node>, Box<Node>),
    Call(Func, Box<[Node]>),
}

/// The binary operators other than AND / OR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl BinOp {
    pub(super) fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        )
    }

    pub(super) fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::Pow => "^",
            BinOp::Eq => "=",
            BinOp::Ne => "<>",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
        }
    }
}

/// A built-in function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Func {
    If,
    Abs,
    Round,
    Floor,
    Ceil,
    Min,
    Max,
    Sqrt,
    Pow,
    Mod,
    Len,
    Concat,
    Upper,
    Lower,
}

/// Name, function, fewest arguments, most arguments (`None`: no limit), usage.
const FUNCS: [(&str, Func, usize, Option<usize>, &str); 14] = [
    ("IF", Func::If, 3, Some(3), "IF(condition, then, else)"),
    ("ABS", Func::Abs, 1, Some(1), "ABS(number)"),
    (
        "ROUND",
        Func::Round,
        1,
        Some(2),
        "ROUND(number) or ROUND(number, digits)",
    ),
    ("FLOOR", Func::Floor, 1, Some(1), "FLOOR(number)"),
    ("CEIL", Func::Ceil, 1, Some(1), "CEIL(number)"),
    ("MIN", Func::Min, 1, None, "MIN(number, …)"),
    ("MAX", Func::Max, 1, None, "MAX(number, …)"),
    ("SQRT", Func::Sqrt, 1, Some(1), "SQRT(number)"),
    ("POW", Func::Pow, 2, Some(2), "POW(base, exponent)"),
    ("MOD", Func::Mod, 2, Some(2), "MOD(number, divisor)"),
    ("LEN", Func::Len, 1, Some(1), "LEN(text)"),
    ("CONCAT", Func::Concat, 1, None, "CONCAT(text, …)"),
    ("UPPER", Func::Upper, 1, Some(1), "UPPER(text)"),
    ("LOWER", Func::Lower, 1, Some(1), "LOWER(text)"),
];

impl Func {
    /// The function with this name, in any letter case.
    pub(super) fn lookup(name: &str) -> Option<Func> {
        FUNCS
            .iter()
            .find(|entry| entry.0.eq_ignore_ascii_case(name))
            .map(|entry| entry.1)
    }

    fn entry(self) -> &'static (&'static str, Func, usize, Option<usize>, &'static str) {
        // Every variant has a row; the fallback is never taken.
        FUNCS
            .iter()
            .find(|entry| entry.1 == self)
            .unwrap_or(&FUNCS[0])
    }

    pub(super) fn name(self) -> &'static str {
        self.entry().0
    }

    /// `None` when `count` arguments are fine, else the error message.
    pub(super) fn check_arity(self, count: usize) -> Option<String> {
        let &(name, _, min, max, usage) = self.entry();
        if count >= min && max.is_none_or(|max| count <= max) {
            return None;
        }
        let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
        let takes = match max {
            Some(max) if max == min => format!("{min} {}", plural(min)),
            Some(max) => format!("{min} or {max} arguments"),
            None => format!("at least {min} {}", plural(min)),
        };
        Some(format!("{name} takes {takes}, got {count}: {usage}"))
    }
}
