//! Tests of `calc` expressions: the documented examples, each operator and function, and
//! the errors (syntax, types, arithmetic) with their positions.

use super::*;
use crate::path::lookup;
use proptest::prelude::*;
use serde_json::json;

/// A scope over plain JSON: the current value, the sources, the record.
struct Scope {
    value: Value,
    args: Vec<Value>,
    record: Value,
}

impl CalcScope for Scope {
    fn value(&self) -> &Value {
        &self.value
    }
    fn arg(&self, n: usize) -> Option<&Value> {
        n.checked_sub(1).and_then(|i| self.args.get(i))
    }
    fn record(&self, path: &[Segment]) -> Option<&Value> {
        lookup(&self.record, path)
    }
}

fn record() -> Value {
    json!({
        "name": {"first": "ada", "last": "Lovelace"},
        "name-last": "Byron",
        "a b": {"x": 7},
        "prénom": "Ada",
        "2nd": "second",
        "company": {"id": "A-100"},
        "lines": [{"sku": "X-1", "qty": 3}, {"sku": "Y-2", "qty": "4.5"}],
        "m": [[1, 2]],
        "price": 87.5,
        "note": null
    })
}

fn scope_with(value: Value, args: Vec<Value>) -> Scope {
    Scope {
        value,
        args,
        record: record(),
    }
}

fn run(src: &str, scope: &Scope) -> Result<Value, String> {
    parse(src)
        .unwrap_or_else(|e| panic!("{src:?} should parse: {e}"))
        .eval(scope)
}

/// Evaluates with `value` = null, no sources and the sample record.
fn calc(src: &str) -> Value {
    with(src, Value::Null, vec![])
}

fn with(src: &str, value: Value, args: Vec<Value>) -> Value {
    run(src, &scope_with(value, args)).unwrap_or_else(|e| panic!("{src:?} failed: {e}"))
}

fn with_value(src: &str, value: Value) -> Value {
    with(src, value, vec![])
}

/// The runtime error of an expression that parses.
fn fails(src: &str) -> String {
    fails_with(src, Value::Null)
}

fn fails_with(src: &str, value: Value) -> String {
    match run(src, &scope_with(value, vec![])) {
        Ok(v) => panic!("{src:?} should fail, gave {v}"),
        Err(e) => e,
    }
}

/// The syntax error of an expression: (column, message).
fn syntax(src: &str) -> (usize, String) {
    match parse(src) {
        Ok(e) => panic!("{src:?} should not parse, gave {e:?}"),
        Err(e) => (e.column, e.message),
    }
}

#[test]
fn the_documented_examples_work() {
    assert_eq!(
        with_value("ROUND(ABS(value) * 1.2, 2)", json!(-87.456)),
        json!(104.95)
    );
    assert_eq!(
        with("$1 * $2", Value::Null, vec![json!("3"), json!(4)]),
        json!(12)
    );
    assert_eq!(
        with_value("IF(value > 100, \"big\", \"small\")", json!(150)),
        json!("big")
    );
    assert_eq!(
        with_value("IF(value > 100, \"big\", \"small\")", json!(50)),
        json!("small")
    );
    assert_eq!(
        with(
            "CONCAT(UPPER(record.name.first), \" \", $2)",
            Value::Null,
            vec![json!("x"), json!("Lovelace")]
        ),
        json!("ADA Lovelace")
    );
    assert_eq!(calc("record.lines[0].qty * 2"), json!(6));
    let guard = "NOT (value = 0) AND $1 <> \"\"";
    assert_eq!(with(guard, json!(5), vec![json!("x")]), json!(true));
    assert_eq!(with(guard, json!(0), vec![json!("x")]), json!(false));
    assert_eq!(with(guard, json!(5), vec![json!("")]), json!(false));
}

#[test]
fn literals_numbers_strings_booleans_and_null() {
    assert_eq!(calc("12"), json!(12));
    assert_eq!(calc("0.5"), json!(0.5));
    assert_eq!(calc(".5"), json!(0.5));
    assert_eq!(calc("1e3"), json!(1000));
    assert_eq!(calc("2.5E-2"), json!(0.025));
    assert_eq!(calc(r#""say \"hi\" \\ back""#), json!(r#"say "hi" \ back"#));
    assert_eq!(calc(r#""""#), json!(""));
    assert_eq!(calc("TRUE"), json!(true));
    assert_eq!(calc("false"), json!(false));
    assert_eq!(calc("tRuE"), json!(true));
    assert_eq!(calc("NULL"), Value::Null);
    assert_eq!(calc("null"), Value::Null);
}

#[test]
fn arithmetic_is_exact_decimal() {
    assert_eq!(calc("0.1 + 0.2"), json!(0.3));
    assert_eq!(calc("0.1 + 0.2 = 0.3"), json!(true));
    assert_eq!(with_value("value * 1.2", json!("87.5")), json!(105));
    assert_eq!(calc("1.10 + 2.20"), json!(3.3));
    assert_eq!(calc("0.1 * 3"), json!(0.3));
    assert_eq!(calc("19.99 * 3"), json!(59.97));
}

#[test]
fn each_arithmetic_operator() {
    assert_eq!(calc("7 + 3"), json!(10));
    assert_eq!(calc("7 - 10"), json!(-3));
    assert_eq!(calc("6 * 7"), json!(42));
    assert_eq!(calc("7 / 2"), json!(3.5));
    assert_eq!(calc("7 % 3"), json!(1));
    // The remainder takes the sign of the dividend.
    assert_eq!(calc("-7 % 3"), json!(-1));
    assert_eq!(calc("7.5 % 2"), json!(1.5));
    assert_eq!(calc("2 ^ 10"), json!(1024));
    assert_eq!(calc("2 ^ -2"), json!(0.25));
    assert_eq!(calc("1.5 ^ 2"), json!(2.25));
    assert_eq!(calc("4 ^ 0.5"), json!(2));
    assert_eq!(with_value("-value", json!(4)), json!(-4));
    assert_eq!(calc("- -3"), json!(3));
    // Unary plus makes a number of numeric text.
    assert_eq!(with_value("+value", json!("12")), json!(12));
    assert_eq!(with_value("value", json!("12")), json!("12"));
}

#[test]
fn each_comparison_operator() {
    let cases = [
        ("2 = 2", true),
        ("2 = 3", false),
        ("2 == 2", true),
        ("2 == 3", false),
        ("2 != 3", true),
        ("2 != 2", false),
        ("2 <> 3", true),
        ("2 <> 2", false),
        ("2 < 3", true),
        ("3 < 3", false),
        ("3 <= 3", true),
        ("4 <= 3", false),
        ("4 > 3", true),
        ("3 > 3", false),
        ("3 >= 3", true),
        ("2 >= 3", false),
        ("2.50 = 2.5", true),
    ];
    for (src, expected) in cases {
        assert_eq!(calc(src), json!(expected), "{src}");
    }
}

#[test]
fn comparisons_of_text_numbers_and_booleans() {
    assert_eq!(calc(r#""apple" < "banana""#), json!(true));
    assert_eq!(calc(r#""abc" = "abc""#), json!(true));
    assert_eq!(calc(r#""Abc" = "abc""#), json!(false));
    // Two texts compare as text, even when they look like numbers ...
    assert_eq!(calc(r#""10" < "9""#), json!(true));
    // ... a number against numeric text compares as numbers.
    assert_eq!(calc(r#"10 < "9""#), json!(false));
    assert_eq!(with_value("value > 100", json!("150")), json!(true));
    assert_eq!(with_value("value = 87.50", json!("87.5")), json!(true));
    assert_eq!(calc("TRUE = TRUE"), json!(true));
    assert_eq!(calc("TRUE <> FALSE"), json!(true));
    assert_eq!(calc("(1 < 2) = TRUE"), json!(true));
    // Values of different kinds are not equal ...
    assert_eq!(calc(r#"5 = "five""#), json!(false));
    assert_eq!(calc(r#"5 <> "five""#), json!(true));
    assert_eq!(calc("TRUE = 1"), json!(false));
    // ... but they cannot be ordered.
    assert_eq!(fails(r#"5 < "five""#), "'five' is not a number");
    assert_eq!(
        fails("TRUE < FALSE"),
        "'<' orders numbers or text, not TRUE and FALSE"
    );
}

#[test]
fn and_or_not_with_three_valued_logic() {
    let cases = [
        ("TRUE AND TRUE", json!(true)),
        ("TRUE AND FALSE", json!(false)),
        ("FALSE AND NULL", json!(false)),
        ("NULL AND FALSE", json!(false)),
        ("TRUE AND NULL", Value::Null),
        ("NULL AND NULL", Value::Null),
        ("FALSE OR FALSE", json!(false)),
        ("FALSE OR TRUE", json!(true)),
        ("TRUE OR NULL", json!(true)),
        ("NULL OR TRUE", json!(true)),
        ("FALSE OR NULL", Value::Null),
        ("NOT TRUE", json!(false)),
        ("NOT FALSE", json!(true)),
        ("NOT NULL", Value::Null),
        ("NOT NOT TRUE", json!(true)),
        ("true and not false or false", json!(true)),
    ];
    for (src, expected) in cases {
        assert_eq!(calc(src), expected, "{src}");
    }
}

#[test]
fn and_or_evaluate_their_right_side_only_when_needed() {
    assert_eq!(calc("FALSE AND 1 / 0 = 1"), json!(false));
    assert_eq!(calc("TRUE OR 1 / 0 = 1"), json!(true));
    assert_eq!(fails("TRUE AND 1 / 0 = 1"), "division by zero");
}

#[test]
fn logic_needs_booleans() {
    assert_eq!(fails("1 AND TRUE"), "AND needs TRUE, FALSE or NULL, got 1");
    assert_eq!(
        fails("FALSE OR 2.50"),
        "OR needs TRUE, FALSE or NULL, got 2.5"
    );
    assert_eq!(
        fails(r#"NOT "yes""#),
        "NOT needs TRUE, FALSE or NULL, got 'yes'"
    );
    assert_eq!(
        fails("IF(1, 2, 3)"),
        "IF's condition needs TRUE, FALSE or NULL, got 1"
    );
}

#[test]
fn precedence_and_associativity() {
    let cases = [
        ("1 + 2 * 3", json!(7)),
        ("(1 + 2) * 3", json!(9)),
        ("2 * 3 ^ 2", json!(18)),
        ("-2 ^ 2", json!(-4)),
        ("(-2) ^ 2", json!(4)),
        ("2 ^ 3 ^ 2", json!(512)),
        ("2 ^ -1 * 4", json!(2)),
        ("10 - 4 - 3", json!(3)),
        ("100 / 10 / 5", json!(2)),
        ("7 % 4 * 2", json!(6)),
        ("2 * 7 % 4", json!(2)),
        ("-3 * 2", json!(-6)),
        ("1 + 2 = 3", json!(true)),
        ("2 * 3 > 1 + 4", json!(true)),
        ("NOT 1 = 2", json!(true)),
        ("NOT FALSE AND FALSE", json!(false)),
        ("TRUE OR TRUE AND FALSE", json!(true)),
        ("FALSE AND TRUE OR TRUE", json!(true)),
        ("1 < 2 AND 2 < 3", json!(true)),
    ];
    for (src, expected) in cases {
        assert_eq!(calc(src), expected, "{src}");
    }
}

#[test]
fn comparisons_do_not_chain() {
    assert_eq!(
        syntax("1 < 2 < 3"),
        (
            7,
            "comparisons can't be chained: write a < b AND b < c".into()
        )
    );
    assert_eq!(syntax("1 = 1 = TRUE").0, 7);
    assert_eq!(
        syntax("1 = NOT TRUE"),
        (5, "NOT needs parentheses here: write (NOT …)".into())
    );
    assert_eq!(calc("1 = 1 AND NOT 2 = 3"), json!(true));
}

#[test]
fn if_picks_a_branch_and_evaluates_only_that_one() {
    assert_eq!(calc(r#"IF(TRUE, "a", "b")"#), json!("a"));
    assert_eq!(calc(r#"IF(FALSE, "a", "b")"#), json!("b"));
    assert_eq!(calc(r#"IF(NULL, "a", "b")"#), json!("b"));
    assert_eq!(calc("IF(TRUE, 1, 1 / 0)"), json!(1));
    assert_eq!(calc("IF(FALSE, 1 / 0, 2)"), json!(2));
    assert_eq!(calc("if(1 < 2, 1, 2)"), json!(1));
}

#[test]
fn number_functions() {
    let cases = [
        ("ABS(-2.5)", json!(2.5)),
        ("ABS(3)", json!(3)),
        ("ROUND(2.5)", json!(3)),
        ("ROUND(-2.5)", json!(-3)),
        ("ROUND(2.4)", json!(2)),
        ("ROUND(2.345, 2)", json!(2.35)),
        ("ROUND(-2.345, 2)", json!(-2.35)),
        ("ROUND(2.3449, 2)", json!(2.34)),
        ("ROUND(1.5, 5)", json!(1.5)),
        ("ROUND(1234.5, -2)", json!(1200)),
        ("ROUND(1250, -2)", json!(1300)),
        ("ROUND(-1250, -2)", json!(-1300)),
        ("ROUND(5, -40)", json!(0)),
        ("FLOOR(2.7)", json!(2)),
        ("FLOOR(-2.1)", json!(-3)),
        ("CEIL(2.1)", json!(3)),
        ("CEIL(-2.7)", json!(-2)),
        ("MIN(3, 1, 2)", json!(1)),
        ("MAX(3, \"7\", 2)", json!(7)),
        ("MIN(5)", json!(5)),
        ("MAX(1, NULL)", Value::Null),
        ("SQRT(16)", json!(4)),
        ("SQRT(0.25)", json!(0.5)),
        ("SQRT(0)", json!(0)),
        ("SQRT(2)", json!(std::f64::consts::SQRT_2)),
        ("POW(2, 10)", json!(1024)),
        ("POW(1.5, 2)", json!(2.25)),
        ("POW(2, 0.5)", json!(std::f64::consts::SQRT_2)),
        ("POW(27, 1 / 3)", json!(3)),
        ("POW(5, 0)", json!(1)),
        ("POW(0.5, 1000)", json!(0)),
        ("POW(10, -30)", json!(0)),
        ("MOD(7, 3)", json!(1)),
        ("MOD(7.5, 2)", json!(1.5)),
        ("MOD(-7, 3)", json!(-1)),
        ("round(2.5)", json!(3)),
        ("Abs(-1)", json!(1)),
    ];
    for (src, expected) in cases {
        assert_eq!(calc(src), expected, "{src}");
    }
    assert_eq!(fails("SQRT(-4)"), "SQRT of a negative number (-4)");
    assert_eq!(
        fails("POW(-8, 1 / 2)"),
        "a negative number can't be raised to a fractional power (-8 ^ 0.5)"
    );
    assert_eq!(
        fails("ROUND(1.25, 1.5)"),
        "ROUND needs a whole number of digits, got 1.5"
    );
}

#[test]
fn text_functions() {
    let cases = [
        (r#"LEN("héllo")"#, json!(5)),
        (r#"LEN("日本")"#, json!(2)),
        ("LEN(NULL)", json!(0)),
        ("LEN(12.50)", json!(4)),
        (r#"CONCAT("a", NULL, 1.50, TRUE)"#, json!("a1.5true")),
        (r#"CONCAT("solo")"#, json!("solo")),
        (r#"UPPER("straße")"#, json!("STRASSE")),
        (r#"LOWER("ÀB")"#, json!("àb")),
        ("UPPER(NULL)", Value::Null),
        ("LOWER(NULL)", Value::Null),
        (r#"concat(lower("A"), Upper("b"))"#, json!("aB")),
    ];
    for (src, expected) in cases {
        assert_eq!(calc(src), expected, "{src}");
    }
    assert_eq!(with_value("CONCAT(value)", json!(87.5)), json!("87.5"));
    assert_eq!(with_value("LEN(value)", json!("  x ")), json!(4));
}

#[test]
fn argument_counts_are_checked_at_the_function_name() {
    let cases = [
        (
            "IF(TRUE, 1)",
            "IF takes 3 arguments, got 2: IF(condition, then, else)",
        ),
        ("ABS()", "ABS takes 1 argument, got 0: ABS(number)"),
        (
            "ROUND(1, 2, 3)",
            "ROUND takes 1 or 2 arguments, got 3: ROUND(number) or ROUND(number, digits)",
        ),
        (
            "FLOOR(1, 2)",
            "FLOOR takes 1 argument, got 2: FLOOR(number)",
        ),
        ("CEIL()", "CEIL takes 1 argument, got 0: CEIL(number)"),
        (
            "MIN()",
            "MIN takes at least 1 argument, got 0: MIN(number, …)",
        ),
        (
            "MAX()",
            "MAX takes at least 1 argument, got 0: MAX(number, …)",
        ),
        ("SQRT(1, 2)", "SQRT takes 1 argument, got 2: SQRT(number)"),
        (
            "POW(2)",
            "POW takes 2 arguments, got 1: POW(base, exponent)",
        ),
        (
            "MOD(1, 2, 3)",
            "MOD takes 2 arguments, got 3: MOD(number, divisor)",
        ),
        ("LEN()", "LEN takes 1 argument, got 0: LEN(text)"),
        (
            "CONCAT()",
            "CONCAT takes at least 1 argument, got 0: CONCAT(text, …)",
        ),
        ("UPPER(1, 2)", "UPPER takes 1 argument, got 2: UPPER(text)"),
        ("lower()", "LOWER takes 1 argument, got 0: LOWER(text)"),
    ];
    for (src, message) in cases {
        let at_start = syntax(src);
        assert_eq!(at_start, (1, message.to_string()), "{src}");
        let later = syntax(&format!("1 + {src}"));
        assert_eq!(later.0, 5, "{src}");
    }
}

#[test]
fn unknown_functions_and_names() {
    assert_eq!(
        syntax("ROUNDUP(1)"),
        (1, "unknown function 'ROUNDUP'".into())
    );
    assert_eq!(
        syntax("2 * roundup(1, 2)"),
        (5, "unknown function 'roundup'".into())
    );
    assert_eq!(
        syntax("foo + 1"),
        (
            1,
            "unknown name 'foo': expected value, record.<path>, $1 to $9, TRUE, FALSE, NULL or a function call".into()
        )
    );
    let (col, message) = syntax("record.name-last");
    assert_eq!(col, 13);
    assert!(
        message.ends_with("a key holding '-' is written in brackets, e.g. record[\"name-last\"]"),
        "{message}"
    );
    assert_eq!(syntax("ABS 1"), (5, "expected '(' after ABS".into()));
}

#[test]
fn syntax_errors_point_at_the_offending_token() {
    let cases: &[(&str, usize, &str)] = &[
        ("ROUND(ABS(value) * 1.2, 2", 26, "expected ')' to close '(' opened at column 6"),
        ("(1 + 2", 7, "expected ')' to close '(' opened at column 1"),
        ("(1 + 2 3)", 8, "expected ')' to close '(' opened at column 1, found '3'"),
        ("MAX(1 2)", 7, "expected ',' or ')' to close '(' opened at column 4, found '2'"),
        ("1 +", 4, "unexpected end of expression"),
        ("IF(TRUE, 1,", 12, "unexpected end of expression"),
        ("", 1, "empty expression"),
        ("   ", 1, "empty expression"),
        ("1 + * 2", 5, "unexpected '*': expected a number, text, name, function or '('"),
        ("MIN(1, )", 8, "unexpected ')': expected a number, text, name, function or '('"),
        ("1 AND AND 2", 7, "unexpected 'AND': expected a number, text, name, function or '('"),
        ("1 2", 3, "unexpected '2': expected an operator or the end of the expression"),
        ("value value", 7, "unexpected 'value': expected an operator or the end of the expression"),
        ("1)", 2, "unexpected ')': no '(' to close"),
        ("$0", 1, "'$0' is not a source: sources are $1 to $9"),
        ("1 + $10", 5, "'$10' is not a source: sources are $1 to $9"),
        ("$", 1, "expected a source number after '$': sources are $1 to $9"),
        ("\"abc", 5, "expected '\"' to close the string opened at column 1"),
        ("\"a\\nb\"", 3, "unknown escape '\\n': a string knows only \\\" and \\\\"),
        ("1 & 2", 3, "unexpected '&': join text with CONCAT(a, b)"),
        ("'x'", 1, "unexpected \"'\": strings are written in double quotes"),
        ("1 ! 2", 3, "unexpected '!': write != (or <>) for 'not equal', NOT to negate"),
        ("1 # 2", 3, "unexpected character '#'"),
        ("value[0]", 6, "unexpected '[': only record paths have '.' and '[', e.g. record.lines[0].qty"),
        ("1e999", 1, "number 1e999 is out of range (numbers go up to about 7.9e28, with up to 28 decimal places)"),
    ];
    for &(src, column, message) in cases {
        assert_eq!(syntax(src), (column, message.to_string()), "{src:?}");
    }
}

#[test]
fn columns_count_characters_not_bytes() {
    // "é" is two bytes in UTF-8 but one column.
    assert_eq!(syntax("\"é\" = 1 +").0, 10);
    assert_eq!(syntax("\"日本\" ?").0, 6);
}

#[test]
fn record_path_errors() {
    let cases: &[(&str, usize, &str)] = &[
        ("record", 7, "expected '.' or '[' right after 'record', e.g. record.name or record[\"name-last\"]"),
        ("record .name", 7, "expected '.' or '[' right after 'record', e.g. record.name or record[\"name-last\"]"),
        ("record.", 8, "expected a key after '.': letters, digits and _ (write other keys in brackets, e.g. record[\"name-last\"])"),
        ("record[x]", 8, "expected an index or a quoted key after '[', e.g. [0] or [\"name-last\"]"),
        ("record[0", 9, "expected ']' to close '[' opened at column 7"),
        ("record.prénom", 10, "a key holding 'é' is written in brackets: record[\"prénom\"]"),
        ("record[99999999999999999999999]", 8, "index 99999999999999999999999 is too large"),
    ];
    for &(src, column, message) in cases {
        assert_eq!(syntax(src), (column, message.to_string()), "{src:?}");
    }
}

#[test]
fn record_paths_read_the_source_record() {
    assert_eq!(calc("record.company.id"), json!("A-100"));
    assert_eq!(calc("record.lines[1].sku"), json!("Y-2"));
    assert_eq!(calc("record.m[0][1]"), json!(2));
    assert_eq!(calc("record.2nd"), json!("second"));
    assert_eq!(calc(r#"record["name-last"]"#), json!("Byron"));
    assert_eq!(calc(r#"record["prénom"]"#), json!("Ada"));
    assert_eq!(calc(r#"record["a b"].x + 1"#), json!(8));
    assert_eq!(calc(r#"record.lines[0]["sku"]"#), json!("X-1"));
    // Keys are case-sensitive; `record` itself is not.
    assert_eq!(calc("RECORD.company.id"), json!("A-100"));
    assert_eq!(calc("record.Company.id"), Value::Null);
    // A dotted digit is a key, not an index.
    assert_eq!(calc("record.lines.0"), Value::Null);
    assert_eq!(calc("record.nope.deeper"), Value::Null);
    assert_eq!(calc("record.lines[9].qty * 2"), Value::Null);
}

#[test]
fn sources_are_read_by_number_and_counted() {
    let args = vec![json!(1), json!("two"), json!(3)];
    assert_eq!(with("$3 * 10 + $1", Value::Null, args.clone()), json!(31));
    assert_eq!(with("$2", Value::Null, args.clone()), json!("two"));
    // Past the last source: null.
    assert_eq!(with("$4", Value::Null, args), Value::Null);
    assert_eq!(parse("$1 * $3 + $2").unwrap().max_arg(), 3);
    assert_eq!(parse("$9").unwrap().max_arg(), 9);
    assert_eq!(parse("value + record.x").unwrap().max_arg(), 0);
    assert_eq!(parse("IF($2 > 1, $1, $1)").unwrap().max_arg(), 2);
}

#[test]
fn null_propagates() {
    let cases = [
        ("value + 1", Value::Null),
        ("1 - value", Value::Null),
        ("value * 2", Value::Null),
        ("value / 0", Value::Null),
        ("value ^ 2", Value::Null),
        ("-value", Value::Null),
        ("value = 1", Value::Null),
        ("value <> 1", Value::Null),
        ("value = NULL", Value::Null),
        ("IF(value > 1, \"a\", \"b\")", json!("b")),
        ("LEN(value)", json!(0)),
        ("CONCAT(\"a\", value)", json!("a")),
        ("UPPER(value)", Value::Null),
        ("ABS(value)", Value::Null),
        ("ROUND(value, 2)", Value::Null),
        ("ROUND(2.5, value)", Value::Null),
        ("SQRT(value)", Value::Null),
        ("MOD(value, 0)", Value::Null),
        ("record.note + 1", Value::Null),
        ("record.missing * 3", Value::Null),
        ("$3 + 1", Value::Null),
    ];
    for (src, expected) in cases {
        assert_eq!(calc(src), expected, "{src}");
    }
}

#[test]
fn numeric_text_is_a_number_and_other_text_is_an_error() {
    assert_eq!(with_value("value + 1", json!(" 12 ")), json!(13));
    assert_eq!(with_value("value + 0", json!("1e3")), json!(1000));
    assert_eq!(calc("record.lines[1].qty * 2"), json!(9));
    assert_eq!(calc("record.price * 2"), json!(175));
    assert_eq!(
        fails_with("value * 2", json!("n/a")),
        "'n/a' is not a number"
    );
    assert_eq!(
        fails_with("ABS(value)", json!("n/a")),
        "'n/a' is not a number"
    );
    assert_eq!(fails(r#""a" + "b""#), "'a' is not a number");
    assert_eq!(fails("TRUE + 1"), "TRUE is not a number");
    assert_eq!(fails("record.lines + 1"), "a list is not a number");
    assert_eq!(fails("CONCAT(record.name)"), "an object is not text");
}

#[test]
fn lists_and_objects_pass_through_unchanged() {
    assert_eq!(calc("IF(TRUE, record.lines, NULL)"), record()["lines"]);
    assert_eq!(with_value("value", json!({"a": [1]})), json!({"a": [1]}));
    assert_eq!(calc("record.lines = record.lines"), json!(true));
    assert_eq!(calc("record.lines = record.m"), json!(false));
}

#[test]
fn division_by_zero_is_an_error() {
    for src in [
        "1 / 0",
        "1 % 0",
        "MOD(1, 0)",
        "POW(0, -1)",
        "0 ^ -1",
        "1 / (2 - 2)",
    ] {
        assert_eq!(fails(src), "division by zero", "{src}");
    }
}

#[test]
fn overflow_is_an_error_not_a_panic() {
    let too_large = "overflow: the result is too large (numbers go up to about 7.9e28)";
    for src in [
        "79228162514264337593543950335 + 1",
        "-79228162514264337593543950335 - 1",
        "79228162514264337593543950335 * 2",
        "79228162514264337593543950335 / 0.1",
        "10 ^ 29",
        "POW(10, 1e20)",
        "POW(1e-20, -2)",
        "POW(10, 100.5)",
        "ROUND(79228162514264337593543950335, -28)",
    ] {
        assert_eq!(fails(src), too_large, "{src}");
    }
    assert_eq!(calc("POW(0.5, 1e20)"), json!(0));
    assert_eq!(calc("POW(-1, 1e20 + 1)"), json!(-1));
    assert!(calc("SQRT(79228162514264337593543950335)").is_number());
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_stack_overflow() {
    let nested = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
    let (_, message) = syntax(&nested);
    assert_eq!(
        message,
        "expression is nested too deeply (more than 128 levels)"
    );
    let long_sum = format!("1{}", " + 1".repeat(5000));
    assert!(syntax(&long_sum)
        .1
        .starts_with("expression is nested too deeply"));
    assert!(syntax(&"-".repeat(5000))
        .1
        .starts_with("expression is nested too deeply"));
    // Realistic sizes are fine.
    let sum = format!("1{}", " + 1".repeat(100));
    assert_eq!(calc(&sum), json!(101));
}

#[test]
fn keywords_and_names_ignore_letter_case() {
    assert_eq!(with_value("VALUE + 1", json!(1)), json!(2));
    assert_eq!(calc("true And not False or FALSE"), json!(true));
    assert_eq!(calc("Null"), Value::Null);
}

#[test]
fn json_floats_read_like_num_reads_them() {
    for f in [87.5, 0.1, -1.25e-7, 1e22, 123456.789] {
        let n = serde_json::Number::from_f64(f).unwrap();
        assert_eq!(
            eval::json_number(&n),
            crate::num::number_to_decimal(&n),
            "{f}"
        );
    }
}

/// Pieces of expressions, glued at random to reach deep into the parser and evaluator.
fn fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "1",
        "0",
        "-",
        "+",
        "*",
        "/",
        "%",
        "^",
        "(",
        ")",
        ",",
        "=",
        "<>",
        "<",
        ">=",
        "AND",
        "OR",
        "NOT",
        "TRUE",
        "NULL",
        "value",
        "$1",
        "$2",
        "$3",
        "record.lines[1].qty",
        "record",
        ".",
        "[",
        "]",
        "\"x\"",
        "\"",
        "\\",
        "IF(",
        "ROUND(",
        "SQRT(",
        "POW(",
        "MOD(",
        "MIN(",
        "CONCAT(",
        "LEN(",
        "UPPER(",
        "1e28",
        "0.0000000000000000000000000001",
        "79228162514264337593543950335",
        "-1",
        "0.5",
        "1e20",
        "é",
        " ",
    ])
}

/// Well-formed expressions: every one must parse, and evaluating must not panic.
fn well_formed() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(vec![
        "0",
        "1",
        "-1",
        "0.5",
        "2.5",
        "1e28",
        "0.0000000000000000000000000001",
        "79228162514264337593543950335",
        "value",
        "$1",
        "$2",
        "$3",
        "NULL",
        "TRUE",
        "FALSE",
        "\"x\"",
        "\"\"",
        "record.lines[1].qty",
        "record[\"name-last\"]",
    ])
    .prop_map(str::to_string);
    leaf.prop_recursive(6, 64, 3, |inner| {
        let op = prop::sample::select(vec![
            "+", "-", "*", "/", "%", "^", "=", "<>", "<", ">=", "AND", "OR",
        ]);
        let unary = prop::sample::select(vec!["-", "+", "NOT "]);
        let func = prop::sample::select(vec![
            ("IF", 3),
            ("ABS", 1),
            ("ROUND", 2),
            ("FLOOR", 1),
            ("CEIL", 1),
            ("MIN", 2),
            ("MAX", 3),
            ("SQRT", 1),
            ("POW", 2),
            ("MOD", 2),
            ("LEN", 1),
            ("CONCAT", 2),
            ("UPPER", 1),
            ("LOWER", 1),
        ]);
        prop_oneof![
            (inner.clone(), op, inner.clone()).prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (unary, inner.clone()).prop_map(|(u, a)| format!("({u}({a}))")),
            (func, prop::collection::vec(inner, 3)).prop_map(|((name, arity), args)| {
                format!("{name}({})", args[..arity].join(", "))
            }),
        ]
    })
}

proptest! {
    #[test]
    fn well_formed_expressions_parse_and_evaluate_without_panicking(src in well_formed()) {
        let expr = parse(&src);
        prop_assert!(expr.is_ok(), "{src}: {expr:?}");
        let scope = scope_with(json!("12.5"), vec![json!(0), json!("n/a"), json!(-3.75)]);
        let _ = expr.unwrap().eval(&scope);
    }

    #[test]
    fn parse_never_panics_on_any_text(src in any::<String>()) {
        let _ = parse(&src);
    }

    #[test]
    fn parse_and_eval_never_panic_on_glued_fragments(
        parts in prop::collection::vec(fragment(), 0..24),
        spaced in any::<bool>(),
    ) {
        let src = parts.join(if spaced { " " } else { "" });
        if let Ok(expr) = parse(&src) {
            let scope = scope_with(json!("12.5"), vec![json!(0), json!("n/a"), json!(-3.75)]);
            let _ = expr.eval(&scope);
        }
    }

    #[test]
    fn adding_then_subtracting_gives_back_the_first_source(a in any::<i64>(), b in any::<i64>()) {
        let expr = parse("($1 + $2) - $2 = $1").unwrap();
        let scope = scope_with(Value::Null, vec![json!(a), json!(b)]);
        prop_assert_eq!(expr.eval(&scope), Ok(json!(true)));
    }

    #[test]
    fn adding_then_subtracting_decimal_text_is_exact(
        // Up to 27 significant digits, inside a decimal's 28.
        a in -10i64.pow(15)..10i64.pow(15), b in -10i64.pow(15)..10i64.pow(15),
        sa in 0u32..12, sb in 0u32..12,
    ) {
        let (a, b) = (rust_decimal::Decimal::new(a, sa), rust_decimal::Decimal::new(b, sb));
        let expr = parse("($1 + $2) - $2 = $1").unwrap();
        let scope = scope_with(Value::Null, vec![json!(a.to_string()), json!(b.to_string())]);
        prop_assert_eq!(expr.eval(&scope), Ok(json!(true)));
    }

    #[test]
    fn comparisons_agree_with_integer_order(a in any::<i64>(), b in any::<i64>()) {
        let scope = scope_with(Value::Null, vec![json!(a), json!(b)]);
        for (src, expected) in [("$1 < $2", a < b), ("$1 >= $2", a >= b), ("$1 <> $2", a != b)] {
            prop_assert_eq!(parse(src).unwrap().eval(&scope), Ok(json!(expected)));
        }
    }

    #[test]
    fn json_floats_read_like_num_reads_them_for_any_float(f in any::<f64>()) {
        if let Some(n) = serde_json::Number::from_f64(f) {
            prop_assert_eq!(eval::json_number(&n), crate::num::number_to_decimal(&n));
        }
    }
}
