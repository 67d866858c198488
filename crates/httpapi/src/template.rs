//! `{{name}}` templates in URLs, parameters, headers and bodies: parsed once, rendered per
//! request (import: `since`, `until`, `page`) or per record (export paths: field names).

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Var(String),
}

impl Template {
    /// Parses `text`; an unclosed or empty `{{` is an error.
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let after = &rest[open + 2..];
            let close = after
                .find("}}")
                .ok_or_else(|| format!("'{text}' has '{{{{' without a closing '}}}}'"))?;
            let name = after[..close].trim();
            if name.is_empty() {
                return Err(format!("'{text}' has an empty '{{{{}}}}'"));
            }
            parts.push(Part::Var(name.to_string()));
            rest = &after[close + 2..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        Ok(Template { parts })
    }

    /// The variable names used, in order.
    pub fn vars(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var(v) => Some(v.as_str()),
            Part::Text(_) => None,
        })
    }

    /// Fills the variables; `Err(name)` names the first one `value` has nothing for.
    pub fn render(&self, mut value: impl FnMut(&str) -> Option<String>) -> Result<String, String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Var(v) => out.push_str(&value(v).ok_or_else(|| v.clone())?),
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_filled_and_text_is_kept() {
        let t = Template::parse("/v1/x/{{ id }}?a={{page}}&b").unwrap();
        assert_eq!(t.vars().collect::<Vec<_>>(), ["id", "page"]);
        let got = t.render(|v| Some(format!("<{v}>"))).unwrap();
        assert_eq!(got, "/v1/x/<id>?a=<page>&b");
        assert_eq!(t.render(|_| None), Err("id".to_string()));
        assert_eq!(Template::parse("plain").unwrap().vars().count(), 0);
    }

    #[test]
    fn unclosed_and_empty_variables_are_refused() {
        assert!(Template::parse("a {{since")
            .unwrap_err()
            .contains("without a closing"));
        assert!(Template::parse("a {{ }}").unwrap_err().contains("empty"));
    }
}
