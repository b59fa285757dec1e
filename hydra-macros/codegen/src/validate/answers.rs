//! The rules of non-2xx answers: a file's `errors <Model>` line and an endpoint line's `errors <Model>`
//! and `on <status> <Model>` clauses.

use super::{Checker, Kind};
use crate::contract;
use crate::diag::{Ctxt, Loc};
use crate::ir::{Answer, Api, Type};
use crate::parse::{RawErrors, RawOperation, Tok};

impl Checker<'_> {
    /// The model a file's `errors` line names, or `None` when it has none (or a problem).
    pub(super) fn file_errors(&self, lines: &[RawErrors]) -> Option<String> {
        let (first, rest) = lines.split_first()?;
        for extra in rest {
            self.cx.error(extra.loc.clone(), "a table has at most one `errors` line");
        }
        self.check_model_name(&first.loc, &first.model, "`errors`").then(|| first.model.text.clone())
    }

    /// The model of `op`'s error bodies: its own `errors` clause, else `file_default`.
    pub(super) fn errors_item(&self, op: &RawOperation, file_default: Option<&String>) -> Option<String> {
        if let Some(extra) = op.errors.get(1) {
            self.cx.error(op.loc.at_col(extra.col), "an endpoint line has at most one `errors` clause");
        }
        match op.errors.first() {
            Some(model) => self.check_model_name(&op.loc, model, "`errors`").then(|| model.text.clone()),
            None => file_default.cloned(),
        }
    }

    /// `op`'s `on` clauses, one [`Answer`] per status (`handled` is settled once models are known).
    pub(super) fn answers_item(&self, op: &RawOperation) -> Vec<Answer> {
        let mut answers: Vec<Answer> = Vec::new();
        for (statuses, model) in &op.answers {
            let model_ok = self.check_model_name(&op.loc, model, "`on`");
            for status in statuses.text.split('|') {
                let Some(status) = check_answer_status(self.cx, &op.loc, statuses, status) else { continue };
                if check_answer_status_unique(self.cx, &op.loc, statuses, status, &answers) && model_ok {
                    answers.push(Answer { status, model: model.text.clone(), handled: false });
                }
            }
        }
        answers
    }

    /// A name after `errors` or `on` is a model some table declares.
    fn check_model_name(&self, loc: &Loc, name: &Tok, clause: &str) -> bool {
        match self.kinds.get(&name.text) {
            Some((Kind::Model, _)) => true,
            Some((Kind::Enum, _)) => {
                self.cx.error(loc.at_col(name.col), format!("{clause} names enum `{}`; it takes a model", name.text));
                false
            }
            None => {
                self.cx.error(loc.at_col(name.col), format!("{clause} names `{}`, which no table declares", name.text));
                false
            }
        }
    }
}

/// A status after `on` is a whole number from 400 to 599: a 2xx answer is the return type's, and a
/// redirect is never followed for an operation.
fn check_answer_status(cx: &Ctxt, loc: &Loc, tok: &Tok, text: &str) -> Option<u16> {
    match text.parse::<u16>() {
        Ok(status) if (400..=599).contains(&status) => Some(status),
        _ => {
            let message = format!("`on` takes HTTP statuses from 400 to 599 separated by `|`, found `{text}`");
            cx.error(loc.at_col(tok.col), message);
            None
        }
    }
}

/// A status is named by one `on` clause of a line only.
fn check_answer_status_unique(cx: &Ctxt, loc: &Loc, tok: &Tok, status: u16, earlier: &[Answer]) -> bool {
    let dup = earlier.iter().any(|a| a.status == status);
    if dup {
        cx.error(loc.at_col(tok.col), format!("status {status} is named twice after `on`"));
    }
    !dup
}

/// Once models are known: an `on` answer whose model has a `redirect_to: string` member marks its
/// status as "handled already". (An error model needs no particular member: the runtime reads every
/// error body by its shape, Hydra's flat one or herodot's nested one, whatever the table names.)
pub(super) fn settle_answers(api: &mut Api) {
    let mut ops = std::mem::take(&mut api.operations);
    for op in &mut ops {
        for answer in &mut op.answers {
            answer.handled = has_string_member(api, &answer.model, contract::REDIRECT_MEMBER);
        }
    }
    api.operations = ops;
}

/// Whether `model` declares string member `json` (required or not).
fn has_string_member(api: &Api, model: &str, json: &str) -> bool {
    api.model(model).is_some_and(|m| m.fields.iter().any(|f| f.json_name == json && f.ty == Type::String))
}
