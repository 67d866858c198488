//! Folder drops.
