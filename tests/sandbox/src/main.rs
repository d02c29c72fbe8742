//! `telematics-user-sandbox`: runs the sandbox until interrupted.

use clap::Parser;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use telematics_user_sandbox::config::{
    DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, DEFAULT_INSTANCE_ID, DEFAULT_INSTANCE_KEY,
};
use telematics_user_sandbox::{router, Config, Sandbox};
use tokio::io::AsyncReadExt;

/// A local stand-in for the Telematics User Service, for telematics-user's tests and demo.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// The port to listen on (0: any free port; the URL is printed).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// The InstanceId registration and device login accept.
    #[arg(long, default_value = DEFAULT_INSTANCE_ID)]
    instance_id: String,
    /// The InstanceKey registration and device login accept.
    #[arg(long, default_value = DEFAULT_INSTANCE_KEY)]
    instance_key: String,
    /// The admin login email.
    #[arg(long, default_value = DEFAULT_ADMIN_EMAIL)]
    admin_email: String,
    /// The admin API password.
    #[arg(long, default_value = DEFAULT_ADMIN_PASSWORD)]
    admin_password: String,
    /// Seconds an access token lives.
    #[arg(long, default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=31_536_000))]
    access_ttl: u64,
    /// The demo page folder, served at /.
    #[arg(long)]
    www: Option<PathBuf>,
    /// The npm package folder, served at /pkg/.
    #[arg(long)]
    pkg: Option<PathBuf>,
    /// Another folder to serve, as PREFIX=FOLDER (repeatable), e.g. /pages=tests/pages.
    #[arg(long = "mount", value_parser = mount)]
    mounts: Vec<(String, PathBuf)>,
    /// Exit when standard input closes: a test harness that dies takes the sandbox with it.
    #[arg(long)]
    exit_with_stdin: bool,
}

fn mount(text: &str) -> Result<(String, PathBuf), String> {
    match text.split_once('=') {
        Some((prefix, folder))
            if prefix.starts_with('/') && prefix.len() > 1 && !folder.is_empty() =>
        {
            Ok((
                prefix.trim_end_matches('/').to_string(),
                PathBuf::from(folder),
            ))
        }
        _ => Err("expected PREFIX=FOLDER, with PREFIX starting with /".into()),
    }
}

// The first line is what test harnesses wait for; the rest is for people. A reader that went away
// (a harness that read the first line only) is no reason to stop serving.
fn announce(url: &str, config: &Config) {
    let mut text = format!("telematics-user sandbox listening on {url}\n");
    if config.www.is_some() {
        text += &format!("  demo page      {url}/\n");
    }
    if config.pkg.is_some() {
        text += &format!("  package        {url}/pkg/\n");
    }
    text += &format!("  InstanceId     {}\n", config.instance_id);
    text += &format!("  InstanceKey    {}\n", config.instance_key);
    text += &format!(
        "  admin login    {} / {}\n",
        config.admin_email, config.admin_password
    );
    text += &format!("  access tokens  live {} s\n", config.access_ttl);
    text += &format!("  control API    {url}/_sandbox/ (config, settings, faults, expire-access, revoke-refresh, counters)\n");
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    for folder in args
        .www
        .iter()
        .chain(&args.pkg)
        .chain(args.mounts.iter().map(|(_, f)| f))
    {
        if !folder.is_dir() {
            eprintln!(
                "telematics-user-sandbox: {} is not a folder",
                folder.display()
            );
            std::process::exit(2);
        }
    }
    let config = Config {
        instance_id: args.instance_id,
        instance_key: args.instance_key,
        admin_email: args.admin_email,
        admin_password: args.admin_password,
        access_ttl: args.access_ttl,
        www: args.www,
        pkg: args.pkg,
        mounts: args.mounts,
    };
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.host, args.port)).await?;
    let url = format!("http://{}", listener.local_addr()?);
    announce(&url, &config);
    if args.exit_with_stdin {
        tokio::spawn(async {
            let mut sink = Vec::new();
            let _ = tokio::io::stdin().read_to_end(&mut sink).await;
            std::process::exit(0);
        });
    }
    let app = router(Arc::new(Sandbox::new(config)));
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
