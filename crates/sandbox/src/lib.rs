//! An offline stand-in for Antom's gateway. Not built yet: it arrives with
//! the merchant service (issue #3). Until then this crate only fixes its
//! place in the workspace and its dependency on `antom` for signing.
