//! The SOQL crate end to end: parse → check against the sample describes → execute over a
//! small in-memory org (Account, Contact, Invoice__c, Payment__c).

mod errors;
mod eval;
mod grammar;
mod org;
mod polymorphic;
mod props;
