//! The calc Pratt parser: tokens to a `Node` tree, with each syntax error at the column of
//! the token that broke the rule and a message saying what was expected there.

use super::ast::{BinOp, Func, Node};
use super::lex::{error, Lexer, Tok, Token};
use super::CalcSyntaxError;

/// Deepest nesting accepted (parentheses, calls, operator chains). It keeps parsing and
/// evaluation well inside the stack on any input.
pub(super) const MAX_DEPTH: usize = 128;

// Binding powers, loosest to tightest. Infix operators have a left and a right power; a
// left-associative one binds its right side one step tighter, `^` (right-associative) one
// step looser.
const OR: (u8, u8) = (1, 2);
const AND: (u8, u8) = (3, 4);
/// NOT's operand is parsed at this power, so it stops at AND / OR.
const NOT: u8 = 5;
const COMPARE: (u8, u8) = (7, 8);
const ADD: (u8, u8) = (9, 10);
const MUL: (u8, u8) = (11, 12);
/// Unary `-` / `+`: the operand takes `^` but stops at `*`.
const UNARY: u8 = 13;
const POW: (u8, u8) = (15, 14);

const OPERAND: &str = "expected a number, text, name, function or '('";

enum Infix {
    Or,
    And,
    Bin(BinOp),
}

pub(super) struct Parser {
    lex: Lexer,
    tok: Token,
    depth: usize,
    pub max_arg: usize,
}

type Parsed = Result<(Node, usize), CalcSyntaxError>;

impl Parser {
    pub fn new(src: &str) -> Result<Parser, CalcSyntaxError> {
        let mut lex = Lexer::new(src);
        let tok = lex.next()?;
        Ok(Parser {
            lex,
            tok,
            depth: 0,
            max_arg: 0,
        })
    }

    /// The whole expression.
    pub fn parse(&mut self) -> Result<Node, CalcSyntaxError> {
        if self.tok.kind == Tok::End {
            return Err(error(1, "empty expression"));
        }
        let (node, _) = self.expr(0)?;
        match self.tok.kind {
            Tok::End => Ok(node),
            Tok::RParen => Err(error(self.tok.col(), "unexpected ')': no '(' to close")),
            _ => Err(error(
                self.tok.col(),
                format!(
                    "unexpected {}: expected an operator or the end of the expression",
                    self.lex.describe(&self.tok)
                ),
            )),
        }
    }

    fn advance(&mut self) -> Result<(), CalcSyntaxError> {
        self.tok = self.lex.next()?;
        Ok(())
    }

    fn check_depth(&self, depth: usize, col: usize) -> Result<(), CalcSyntaxError> {
        if depth > MAX_DEPTH {
            return Err(error(
                col,
                format!("expression is nested too deeply (more than {MAX_DEPTH} levels)"),
            ));
        }
        Ok(())
    }

    fn infix(&self) -> Option<(Infix, (u8, u8))> {
        let bin = |op| Some((Infix::Bin(op), binding(op)));
        match &self.tok.kind {
            Tok::Word(w) if w.eq_ignore_ascii_case("OR") => Some((Infix::Or, OR)),
            Tok::Word(w) if w.eq_ignore_ascii_case("AND") => Some((Infix::And, AND)),
            Tok::Plus => bin(BinOp::Add),
            Tok::Minus => bin(BinOp::Sub),
            Tok::Star => bin(BinOp::Mul),
            Tok::Slash => bin(BinOp::Div),
            Tok::Percent => bin(BinOp::Rem),
            Tok::Caret => bin(BinOp::Pow),
            Tok::Eq => bin(BinOp::Eq),
            Tok::Ne => bin(BinOp::Ne),
            Tok::Lt => bin(BinOp::Lt),
            Tok::Le => bin(BinOp::Le),
            Tok::Gt => bin(BinOp::Gt),
            Tok::Ge => bin(BinOp::Ge),
            _ => None,
        }
    }

    /// An expression whose operators bind at least as tightly as `min_bp`; returns the node
    /// and its depth.
    fn expr(&mut self, min_bp: u8) -> Parsed {
        self.depth += 1;
        self.check_depth(self.depth, self.tok.col())?;
        let (mut lhs, mut depth) = self.prefix(min_bp)?;
        let mut lhs_compares = false;
        while let Some((op, (left_bp, right_bp))) = self.infix() {
            if left_bp < min_bp {
                break;
            }
            let col = self.tok.col();
            let compares = matches!(op, Infix::Bin(b) if b.is_comparison());
            if compares && lhs_compares {
                return Err(error(
                    col,
                    "comparisons can't be chained: write a < b AND b < c",
                ));
            }
            self.advance()?;
            let (rhs, rhs_depth) = self.expr(right_bp)?;
            depth = 1 + depth.max(rhs_depth);
            self.check_depth(depth, col)?;
            let (l, r) = (Box::new(lhs), Box::new(rhs));
            lhs = match op {
                Infix::Or => Node::Or(l, r),
                Infix::And => Node::And(l, r),
                Infix::Bin(b) => Node::Bin(b, l, r),
            };
            lhs_compares = compares;
        }
        self.depth -= 1;
        Ok((lhs, depth))
    }

    /// An operand: literal, name, call, parenthesised expression, or a prefix operator with
    /// its operand.
    fn prefix(&mut self, min_bp: u8) -> Parsed {
        let col = self.tok.col();
        let leaf = |node: Node, parser: &mut Parser| -> Parsed {
            parser.advance()?;
            Ok((node, 1))
        };
        match &self.tok.kind {
            Tok::Num(d) => leaf(Node::Num(*d), self),
            Tok::Str(s) => leaf(Node::Str(s.as_str().into()), self),
            Tok::Arg(n) => {
                let n = *n;
                self.max_arg = self.max_arg.max(n);
                leaf(Node::Arg(n), self)
            }
            Tok::Minus | Tok::Plus => {
                let negate = self.tok.kind == Tok::Minus;
                self.advance()?;
                let (operand, depth) = self.expr(UNARY)?;
                let node = match operand {
                    Node::Num(d) if negate => Node::Num(-d),
                    operand if negate => Node::Neg(Box::new(operand)),
                    operand => Node::Plus(Box::new(operand)),
                };
                Ok((node, depth + 1))
            }
            Tok::LParen => {
                self.advance()?;
                let inner = self.expr(0)?;
                self.close(col, false)?;
                Ok(inner)
            }
            Tok::Word(w) => {
                let word = w.clone();
                self.word(word, col, min_bp)
            }
            Tok::End => Err(error(col, "unexpected end of expression")),
            _ => Err(error(
                col,
                format!("unexpected {}: {OPERAND}", self.lex.describe(&self.tok)),
            )),
        }
    }

    /// Expects the `)` that closes the `(` at column `open`.
    fn close(&mut self, open: usize, in_call: bool) -> Result<(), CalcSyntaxError> {
        match self.tok.kind {
            Tok::RParen => self.advance(),
            Tok::End => Err(error(
                self.tok.col(),
                format!("expected ')' to close '(' opened at column {open}"),
            )),
            _ => Err(error(
                self.tok.col(),
                format!(
                    "expected {}')' to close '(' opened at column {open}, found {}",
                    if in_call { "',' or " } else { "" },
                    self.lex.describe(&self.tok)
                ),
            )),
        }
    }

    fn word(&mut self, word: String, col: usize, min_bp: u8) -> Parsed {
        let is = |kw: &str| word.eq_ignore_ascii_case(kw);
        if is("TRUE") || is("FALSE") {
            self.advance()?;
            return Ok((Node::Bool(is("TRUE")), 1));
        }
        if is("NULL") {
            self.advance()?;
            return Ok((Node::Null, 1));
        }
        if is("NOT") {
            if min_bp > NOT {
                return Err(error(col, "NOT needs parentheses here: write (NOT …)"));
            }
            self.advance()?;
            let (operand, depth) = self.expr(NOT)?;
            return Ok((Node::Not(Box::new(operand)), depth + 1));
        }
        if is("AND") || is("OR") {
            return Err(error(col, format!("unexpected '{word}': {OPERAND}")));
        }
        if is("value") {
            self.advance()?;
            return Ok((Node::Value, 1));
        }
        if is("record") {
            let path = self.lex.record_path()?;
            self.advance()?;
            return Ok((Node::Record(path.into()), 1));
        }
        self.advance()?;
        if self.tok.kind == Tok::LParen {
            let Some(func) = Func::lookup(&word) else {
                return Err(error(col, format!("unknown function '{word}'")));
            };
            return self.call(func, col);
        }
        if let Some(func) = Func::lookup(&word) {
            return Err(error(
                self.tok.col(),
                format!("expected '(' after {}", func.name()),
            ));
        }
        Err(error(col, self.unknown_name(&word, col)))
    }

    fn unknown_name(&self, word: &str, col: usize) -> String {
        let mut message = format!(
            "unknown name '{word}': expected value, record.<path>, $1 to $9, TRUE, FALSE, NULL or a function call"
        );
        // `record.name-last` reads as `record.name - last`: point at the bracket form.
        let chars = self.lex.chars();
        let start = col - 1;
        if start >= 2
            && chars[start - 1] == '-'
            && (chars[start - 2].is_ascii_alphanumeric() || chars[start - 2] == '_')
        {
            message
                .push_str("; a key holding '-' is written in brackets, e.g. record[\"name-last\"]");
        }
        message
    }

    /// The arguments of a call; the current token is its `(`.
    fn call(&mut self, func: Func, name_col: usize) -> Parsed {
        let open = self.tok.col();
        self.advance()?;
        let mut args = Vec::new();
        let mut depth = 0;
        if self.tok.kind == Tok::RParen {
            self.advance()?;
        } else {
            loop {
                let (arg, arg_depth) = self.expr(0)?;
                args.push(arg);
                depth = depth.max(arg_depth);
                if self.tok.kind == Tok::Comma {
                    self.advance()?;
                    continue;
                }
                self.close(open, true)?;
                break;
            }
        }
        if let Some(message) = func.check_arity(args.len()) {
            return Err(error(name_col, message));
        }
        Ok((Node::Call(func, args.into()), depth + 1))
    }
}

fn binding(op: BinOp) -> (u8, u8) {
    match op {
        BinOp::Add | BinOp::Sub => ADD,
        BinOp::Mul | BinOp::Div | BinOp::Rem => MUL,
        BinOp::Pow => POW,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => COMPARE,
    }
}
