//! The service serves the built app, and its own routes on reload.

use merchant::Config;

async fn start(app_dir: &std::path::Path) -> String {
    let config = Config {
        listen_addr: "127.0.0.1:0".parse().unwrap(),
        app_dir: app_dir.to_owned(),
    };
    let listener = tokio::net::TcpListener::bind(config.listen_addr)
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let app = merchant::http::router(&config);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn health_and_app_pages_are_served() {
    let dir = std::env::temp_dir().join(format!("merchant-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>Checkout</title>",
    )
    .unwrap();
    std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
    let base = start(&dir).await;

    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), "ok");

    let js = reqwest::get(format!("{base}/app.js")).await.unwrap();
    assert_eq!(js.status(), 200);
    assert_eq!(js.headers()["x-content-type-options"], "nosniff");

    // A deep link into the app (after the wallet redirects back) gets the app.
    let deep = reqwest::get(format!("{base}/checkout/abc/return?authCode=x"))
        .await
        .unwrap();
    assert_eq!(deep.status(), 200);
    assert!(deep
        .text()
        .await
        .unwrap()
        .contains("<title>Checkout</title>"));
}
