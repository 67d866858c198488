//! The local sandbox org: a Salesforce-compatible server (REST, Bulk API 2.0, OAuth) on
//! SQLite, for demos, rehearsals and every test of our Salesforce client.
//! (Placeholder: lands with the sandbox change.)
