//! The service refuses to start on invalid content, listing every problem with its file.

use securehospitals::config::{Config, ConfigArgs};

#[tokio::test]
async fn the_service_refuses_to_start_on_invalid_content_and_lists_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("modules/M01/en")).unwrap();
    std::fs::write(
        content.join("modules/M01/module.toml"),
        "id = \"M01\"\nversion = \"1.0.0\"\nminutes = 5\nlanguages = [\"en\"]\nroles = [\"CL\"]\n",
    )
    .unwrap();
    std::fs::write(
        content.join("paths.toml"),
        "[[path]]\nid = \"p\"\nroles = [\"CL\"]\nmodules = [\"M77\"]\n[path.title]\nen = \"P\"\n",
    )
    .unwrap();
    let args = ConfigArgs {
        database_url: Some(format!("sqlite:{}", dir.path().join("t.db").display())),
        key_encryption_key: Some(crate::helpers::TEST_KEK.into()),
        content_dir: Some(content),
        ..Default::default()
    };
    let config = Config::resolve(&args).unwrap();
    let err = securehospitals::app::build_state(config)
        .await
        .expect_err("invalid content must stop the start");
    let text = format!("{err:#}");
    assert!(text.contains("does not start"), "{text}");
    assert!(
        text.contains("2 problems")
            && text.contains("modules/M01/module.toml:1: missing field `quiz`"),
        "{text}"
    );
    assert!(
        text.contains("paths.toml") && text.contains("M77"),
        "{text}"
    );
    assert!(
        !dir.path().join("t.db").exists(),
        "content is checked before the database is touched"
    );
}
