//! `calc`: an expression parsed once at compile time and evaluated per record, with
//! `value` (the current value), `$n` (the n-th source) and `record.<path>` in scope.

use super::args::{child, kind};
use super::TransformCtx;
use crate::calc::{CalcExpr, CalcScope};
use crate::path::{lookup, Segment};
use crate::MappingIssue;
use serde_json::Value;

/// A compiled `calc`.
#[derive(Debug, Clone)]
pub struct Calc {
    source: String,
    expr: CalcExpr,
}

struct Scope<'v, 'c> {
    value: &'v Value,
    ctx: &'c TransformCtx<'c>,
}

impl CalcScope for Scope<'_, '_> {
    fn value(&self) -> &Value {
        self.value
    }

    fn arg(&self, n: usize) -> Option<&Value> {
        n.checked_sub(1).and_then(|i| self.ctx.sources.get(i))
    }

    fn record(&self, path: &[Segment]) -> Option<&Value> {
        lookup(self.ctx.record, path)
    }
}

impl Calc {
    pub(crate) fn compile(
        arg: &Value,
        pointer: &str,
        issues: &mut Vec<MappingIssue>,
    ) -> Option<Calc> {
        let at = child(pointer, "calc");
        let Some(source) = arg.as_str() else {
            issues.push(MappingIssue::new(
                at,
                format!(
                    "calc takes an expression in text, e.g. \"value * 1.2\"; got {}",
                    kind(arg)
                ),
            ));
            return None;
        };
        match crate::calc::parse(source) {
            Ok(expr) => Some(Calc {
                source: source.to_string(),
                expr,
            }),
            Err(e) => {
                issues.push(MappingIssue::new(
                    at,
                    format!("calc syntax error at column {}: {}", e.column, e.message),
                ));
                None
            }
        }
    }

    /// The parsed expression.
    pub fn expr(&self) -> &CalcExpr {
        &self.expr
    }

    /// The expression as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    pub(crate) fn describe(&self) -> String {
        format!("calc {}", self.source)
    }

    pub(crate) fn apply(&self, value: &Value, ctx: &TransformCtx) -> Result<Value, String> {
        self.expr.eval(&Scope { value, ctx })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{compiled, spec_issues};
    use super::super::TransformCtx;
    use crate::ErrorCode;
    use serde_json::{json, Value};

    fn eval(
        src: &str,
        value: Value,
        sources: &[Value],
        record: &Value,
    ) -> Result<Value, crate::FieldError> {
        let t = compiled(&json!({ "calc": src }));
        let ctx = TransformCtx {
            record,
            sources,
            target: "Amount__c",
            target_field: None,
        };
        t.apply(value, &ctx)
    }

    #[test]
    fn calc_sees_the_value_the_sources_and_the_record() {
        let record = json!({"order": {"qty": 3, "lines": [{"price": "2.5"}]}});
        let sources = [json!(10), json!(4)];
        let calc = |src: &str, value: Value| eval(src, value, &sources, &record).unwrap();
        assert_eq!(calc("value * 2", json!(1.5)), json!(3));
        assert_eq!(calc("value + 0.2", json!(0.1)), json!(0.3));
        assert_eq!(
            calc("IF(value > 0, \"yes\", \"no\")", json!(5)),
            json!("yes")
        );
        assert_eq!(calc("$1 - $2", json!(null)), json!(6));
        assert_eq!(calc("$3", json!(null)), json!(null), "past the last source");
        assert_eq!(calc("record.order.qty + 1", json!(null)), json!(4));
        assert_eq!(
            calc("record.order.lines[0].price * 2", json!(null)),
            json!(5)
        );
        assert_eq!(calc("record.order.missing", json!(1)), json!(null));
    }

    #[test]
    fn a_null_value_still_runs_calc() {
        let record = json!({});
        assert_eq!(
            eval("$1 * 2", json!(null), &[json!(21)], &record).unwrap(),
            json!(42)
        );
        assert_eq!(
            eval("value * 2", json!(null), &[], &record).unwrap(),
            json!(null)
        );
    }

    #[test]
    fn calc_failures_are_calc_failed_on_the_target_field() {
        let err = eval("value / 0", json!(1), &[json!(1)], &json!({})).unwrap_err();
        assert_eq!(err.code, ErrorCode::CalcFailed);
        assert_eq!(err.field, "Amount__c");
        assert!(!err.message.is_empty());
    }

    #[test]
    fn calc_syntax_errors_give_the_column() {
        let issues = spec_issues(&json!({"calc": "value * (2 +"}), "/fields/3/transforms/1");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].pointer, "/fields/3/transforms/1/calc");
        let parsed = crate::calc::parse("value * (2 +").unwrap_err();
        assert_eq!(
            issues[0].message,
            format!(
                "calc syntax error at column {}: {}",
                parsed.column, parsed.message
            )
        );
        let issues = spec_issues(&json!({"calc": "value ** 2"}), "/t");
        assert!(
            issues[0]
                .message
                .starts_with("calc syntax error at column 8: "),
            "{}",
            issues[0].message
        );
        let issues = spec_issues(&json!({"calc": 5}), "/t");
        assert_eq!(issues[0].pointer, "/t/calc");
        assert_eq!(
            issues[0].message,
            "calc takes an expression in text, e.g. \"value * 1.2\"; got a number"
        );
    }

    #[test]
    fn calc_reports_the_highest_source_it_reads() {
        assert_eq!(compiled(&json!({"calc": "$1 + $3"})).max_arg(), 3);
        assert_eq!(compiled(&json!({"calc": "value"})).max_arg(), 0);
        assert_eq!(
            compiled(&json!({"calc": "value * 2"})).describe(),
            "calc value * 2"
        );
    }
}
