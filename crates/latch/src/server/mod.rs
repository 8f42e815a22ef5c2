//! The server itself: the router that puts both doors and the pages together (`router`), the
//! administrators' console (`admin`), the
//! middleware every answer passes through (`middleware/`), the log (`logging/`), the bundle
//! from memory (`assets`), the accept loop (`listener`), health, metrics, the operator's
//! commands (`cli`) and start-up. Server only.

pub mod admin;
pub mod assets;
pub mod cli;
pub mod health;
pub mod language;
pub mod listener;
pub mod logging;
pub mod main;
pub mod metrics;
pub mod middleware;
pub mod passkeys_script;
pub mod providers;
pub mod router;
pub mod site;
pub mod startup;
