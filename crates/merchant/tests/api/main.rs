//! The merchant service's integration tests, one binary: each module is a
//! story told against a real service on loopback (and the embedded sandbox).

mod common;

pub mod access;
mod authorization;
mod back_office;
mod browsers;
mod declarations;
mod docs;
mod embed;
mod first_paint;
mod forms;
mod frames;
mod handover;
mod lifecycle;
mod limits;
mod mandates;
mod merchant_initiated;
mod modes;
mod notifications;
mod openapi;
mod operating;
mod operator_views;
mod payments;
mod reconciliation;
mod recovery;
mod schema;
mod unlink_form;
mod webhooks;
mod worker;
