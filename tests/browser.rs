//! Real-browser tests in headless Chromium (driven through chromedriver with fantoccini): the
//! simulated LMS on `http://localhost:<port>` frames the tool on `http://127.0.0.1:<port>` with
//! third-party cookies blocked. Each launch path is tested on its own, and every page visited is
//! checked with axe-core. Without Chromium the tests are skipped with a message, except in CI
//! (`CI=true`), where a missing Chromium fails them.

mod browser {
    pub mod a11y;
    mod demo;
    pub mod harness;
    mod launch_paths;
    mod platform_pages;
}
