//! SOQL, the subset a sync tool and the local sandbox org need: a parser that answers with
//! Salesforce's error codes and messages, checks against the objects' describes, and an
//! evaluator over records. Pure: no I/O.
//! (Placeholder: lands with the SOQL change.)
