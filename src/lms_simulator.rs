//! An honest LTI 1.3 platform over real HTTP, used by the integration tests and by `demo`.
