//! The `telematics-user-sandbox` binary: it starts on a free port, prints its URL first, and a
//! `drop` fault really cuts the connection.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

struct Running {
    child: Child,
    address: String,
    _banner: BufReader<std::process::ChildStdout>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(args: &[&str]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_telematics-user-sandbox"))
        .args(["--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the sandbox starts");
    let mut banner = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    banner.read_line(&mut first).unwrap();
    let address = first.trim().rsplit("http://").next().unwrap().to_string();
    assert!(
        first.starts_with("telematics-user sandbox listening on http://127.0.0.1:"),
        "{first}"
    );
    Running {
        child,
        address,
        _banner: banner,
    }
}

// One HTTP/1.1 request over a fresh connection; everything the server sent until it closed.
fn exchange(address: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

fn post(path: &str, body: &str) -> String {
    format!("POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
}

#[test]
fn starts_on_a_free_port_and_answers() {
    let sandbox = start(&["--instance-id", "given-id", "--access-ttl", "9"]);
    let config = exchange(
        &sandbox.address,
        "GET /_sandbox/config HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(config.starts_with("HTTP/1.1 200"), "{config}");
    assert!(
        config.contains(r#""instanceId":"given-id""#) && config.contains(r#""accessTtl":9"#),
        "{config}"
    );
}

#[test]
fn a_drop_fault_cuts_the_connection_without_a_complete_answer() {
    let sandbox = start(&[]);
    let armed = exchange(
        &sandbox.address,
        &post("/_sandbox/faults", r#"{"path":"RefreshToken","drop":true}"#),
    );
    assert!(armed.starts_with("HTTP/1.1 201"), "{armed}");
    let cut = exchange(
        &sandbox.address,
        &post(
            "/v1/RefreshToken",
            r#"{"AccessToken":"a","RefreshToken":"r"}"#,
        ),
    );
    // hyper closes before writing the status line: curl says "Empty reply from server".
    assert_eq!(cut, "", "nothing may arrive");
    // The fault is spent: the next refresh gets the service's own answer.
    let next = exchange(
        &sandbox.address,
        &post(
            "/v1/RefreshToken",
            r#"{"AccessToken":"a","RefreshToken":"r"}"#,
        ),
    );
    assert!(next.starts_with("HTTP/1.1 400"), "{next}");
}

#[test]
fn bad_flags_are_refused_before_listening() {
    let out = Command::new(env!("CARGO_BIN_EXE_telematics-user-sandbox"))
        .args(["--port", "0", "--www", "/no/such/folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a folder"));
    let ttl = Command::new(env!("CARGO_BIN_EXE_telematics-user-sandbox"))
        .args(["--access-ttl", "0"])
        .output()
        .unwrap();
    assert!(!ttl.status.success());
}
