//! The run graph: which option waits for which. An option waits for the options writing
//! the objects its `reference` transforms link to (its parents); options with no path
//! between them may run at the same time. [`Dispatch`] walks the graph as runs finish:
//! it hands out the options whose parents all succeeded, up to the parallelism, and skips
//! the children of a parent that did not (naming that parent). Pure: no clock, no I/O.

use crate::order::{run_order, OrderError, OrderItem};
use serde::Serialize;

/// One option in the graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphNode {
    /// The option's name.
    pub name: String,
    /// The object it writes (imports) or reads (exports).
    pub object: String,
    /// Explicit order, if any.
    pub order: Option<i32>,
    /// The options it waits for (they write objects it links to).
    pub parents: Vec<String>,
    /// Its mapping links records of its own object (`Account.ParentId` → Account): it
    /// loads in two passes, the records first, then the links.
    pub self_links: bool,
    /// The wave it can start in when every run takes as long (0: no parents).
    pub depth: usize,
}

/// The options of a command, in run order (parents first), with their parents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunGraph {
    /// The options in the order they start when the parallelism is 1.
    pub nodes: Vec<GraphNode>,
}

fn links_to(child: &OrderItem, parent: &OrderItem) -> bool {
    !parent.object.eq_ignore_ascii_case(&child.object)
        && child
            .references
            .iter()
            .any(|r| r.eq_ignore_ascii_case(&parent.object))
}

impl RunGraph {
    /// The graph of `items`: a cycle (or a duplicate name) is an error naming the options.
    pub fn build(items: &[OrderItem]) -> Result<RunGraph, OrderError> {
        let order = run_order(items)?;
        let mut nodes: Vec<GraphNode> = Vec::with_capacity(items.len());
        for name in &order {
            let Some(child) = items.iter().find(|i| &i.name == name) else {
                continue;
            };
            let parents: Vec<String> = order
                .iter()
                .filter_map(|p| items.iter().find(|i| &i.name == p))
                .filter(|p| links_to(child, p))
                .map(|p| p.name.clone())
                .collect();
            let depth = nodes
                .iter()
                .filter(|n| parents.contains(&n.name))
                .map(|n| n.depth + 1)
                .max()
                .unwrap_or(0);
            nodes.push(GraphNode {
                name: child.name.clone(),
                object: child.object.clone(),
                order: child.order,
                parents,
                self_links: child
                    .references
                    .iter()
                    .any(|r| r.eq_ignore_ascii_case(&child.object)),
                depth,
            });
        }
        Ok(RunGraph { nodes })
    }

    /// The options' names in run order.
    pub fn order(&self) -> Vec<String> {
        self.nodes.iter().map(|n| n.name.clone()).collect()
    }

    /// The options by wave: each wave's options wait only for earlier waves.
    pub fn waves(&self) -> Vec<Vec<String>> {
        let deepest = self.nodes.iter().map(|n| n.depth + 1).max().unwrap_or(0);
        (0..deepest)
            .map(|d| {
                self.nodes
                    .iter()
                    .filter(|n| n.depth == d)
                    .map(|n| n.name.clone())
                    .collect()
            })
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Waiting,
    Running,
    Succeeded,
    /// Failed, stopped or skipped: its children do not run.
    NotDone,
}

/// What [`Dispatch::steps`] decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Start this option (its index in the graph).
    Start(usize),
    /// Do not run this option: its parent `parent` did not succeed.
    Skip {
        /// The option's index in the graph.
        node: usize,
        /// The parent that failed, stopped or was skipped.
        parent: String,
    },
}

/// Walks a [`RunGraph`] as runs finish.
#[derive(Debug, Clone)]
pub struct Dispatch {
    parents: Vec<Vec<usize>>,
    names: Vec<String>,
    state: Vec<State>,
    parallel: usize,
}

impl Dispatch {
    /// A walk of `graph` running at most `parallel` options at once (at least 1).
    pub fn new(graph: &RunGraph, parallel: usize) -> Dispatch {
        let names: Vec<String> = graph.order();
        let parents = graph
            .nodes
            .iter()
            .map(|n| {
                n.parents
                    .iter()
                    .filter_map(|p| names.iter().position(|x| x == p))
                    .collect()
            })
            .collect();
        Dispatch {
            parents,
            state: vec![State::Waiting; names.len()],
            names,
            parallel: parallel.max(1),
        }
    }

    /// What to do now, in run order: skips first (a skip can free no slot but settles a
    /// child), then starts while slots are free. Empty: wait for a run to finish (or, with
    /// nothing running, the walk is over).
    pub fn steps(&mut self) -> Vec<Step> {
        let mut steps = Vec::new();
        loop {
            let mut changed = false;
            for i in 0..self.state.len() {
                if self.state[i] != State::Waiting {
                    continue;
                }
                if let Some(&p) = self.parents[i]
                    .iter()
                    .find(|&&p| self.state[p] == State::NotDone)
                {
                    self.state[i] = State::NotDone;
                    steps.push(Step::Skip {
                        node: i,
                        parent: self.names[p].clone(),
                    });
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for i in 0..self.state.len() {
            let running = self.state.iter().filter(|s| **s == State::Running).count();
            if running >= self.parallel {
                break;
            }
            if self.state[i] == State::Waiting
                && self.parents[i]
                    .iter()
                    .all(|&p| self.state[p] == State::Succeeded)
            {
                self.state[i] = State::Running;
                steps.push(Step::Start(i));
            }
        }
        steps
    }

    /// Option `node` finished; `succeeded` lets its children run.
    pub fn finished(&mut self, node: usize, succeeded: bool) {
        self.state[node] = if succeeded {
            State::Succeeded
        } else {
            State::NotDone
        };
    }

    /// Stops handing out options (cancellation): the waiting ones are left undone.
    pub fn stop(&mut self) {
        for s in &mut self.state {
            if *s == State::Waiting {
                *s = State::NotDone;
            }
        }
    }

    /// Options still running.
    pub fn running(&self) -> usize {
        self.state.iter().filter(|s| **s == State::Running).count()
    }
}

/// The message of a run skipped because `parent` did not succeed.
pub fn skipped_message(parent: &str) -> String {
    format!("skipped: its parent option '{parent}' did not succeed, so the records it links to may be missing")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, object: &str, refs: &[&str]) -> OrderItem {
        OrderItem {
            name: name.into(),
            object: object.into(),
            references: refs.iter().map(|s| s.to_string()).collect(),
            order: None,
        }
    }

    fn graph() -> RunGraph {
        RunGraph::build(&[
            item("payments", "Payment__c", &["Invoice__c"]),
            item("invoices", "Invoice__c", &["Account"]),
            item("accounts", "Account", &["Account"]),
            item("leads", "Lead", &[]),
        ])
        .unwrap()
    }

    #[test]
    fn parents_and_waves_come_from_the_references() {
        let g = graph();
        assert_eq!(g.order(), ["accounts", "invoices", "payments", "leads"]);
        assert_eq!(g.nodes[1].parents, ["accounts"]);
        assert!(g.nodes[0].self_links, "Account links to Account");
        assert!(g.nodes[0].parents.is_empty(), "a self link is no parent");
        assert_eq!(
            g.waves(),
            vec![
                vec!["accounts".to_string(), "leads".to_string()],
                vec!["invoices".to_string()],
                vec!["payments".to_string()]
            ]
        );
    }

    #[test]
    fn independent_options_start_together_up_to_the_parallelism() {
        let g = graph();
        let mut d = Dispatch::new(&g, 2);
        assert_eq!(d.steps(), [Step::Start(0), Step::Start(3)]);
        assert_eq!(d.steps(), [], "invoices waits for accounts");
        d.finished(3, true);
        assert_eq!(d.steps(), []);
        d.finished(0, true);
        assert_eq!(d.steps(), [Step::Start(1)]);
        d.finished(1, true);
        assert_eq!(d.steps(), [Step::Start(2)]);
        d.finished(2, true);
        assert_eq!(d.steps(), []);
        assert_eq!(d.running(), 0);
    }

    #[test]
    fn a_failed_parent_skips_its_children_and_grandchildren() {
        let g = graph();
        let mut d = Dispatch::new(&g, 1);
        assert_eq!(d.steps(), [Step::Start(0)]);
        d.finished(0, false);
        assert_eq!(
            d.steps(),
            [
                Step::Skip {
                    node: 1,
                    parent: "accounts".into()
                },
                Step::Skip {
                    node: 2,
                    parent: "invoices".into()
                },
                Step::Start(3)
            ]
        );
    }

    #[test]
    fn a_cycle_is_reported_by_name() {
        let e = RunGraph::build(&[
            item("a", "Account", &["Contact"]),
            item("c", "Contact", &["Account"]),
        ])
        .unwrap_err();
        assert!(e.to_string().contains("'c', 'a'"), "{e}");
    }
}
