//! Everything about accounts. What both targets compile (wire types, validation) sits here;
//! server-only modules are declared below behind `ssr`.

pub mod validate;
