//! `convert`: text, number, integer, boolean, date, datetime, time.
//! (Placeholder: lands in the convert change.)
