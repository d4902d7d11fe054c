//! The README's examples, run as shown: every command of its `sh` blocks, in order, from a
//! fresh folder holding the repository's `data/` and `queries/`, with `newsgraph` on the PATH.
//! A `serve` example is started, must answer on its address, and is stopped; a `push` example
//! goes to a writable server started for it on the address it names. `text` blocks (install
//! commands, output) are not run.
#![allow(clippy::unwrap_used)]

mod common;

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The `sh` blocks of README.md, each as its commands (continuation lines joined).
fn sh_commands(readme: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut in_sh = false;
    let mut pending = String::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = line.trim() == "```sh";
            continue;
        }
        if !in_sh || line.trim().is_empty() {
            continue;
        }
        if let Some(start) = line.strip_suffix('\\') {
            pending.push_str(start);
            continue;
        }
        pending.push_str(line);
        commands.push(std::mem::take(&mut pending));
    }
    commands
}

/// The value of `--name VALUE` in a command line.
fn option<'a>(command: &'a str, name: &str) -> Option<&'a str> {
    let mut words = command.split_whitespace();
    while let Some(word) = words.next() {
        if word == name {
            return words.next();
        }
    }
    None
}

fn shell(dir: &Path, bin_dir: &Path, command: &str) -> Command {
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("NEWSGRAPH_STORE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Waits until something listens on `addr`.
fn wait_listening(addr: &str, child: &mut Child, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(addr).is_err() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "{what} exited before listening on {addr}"
        );
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{what} does not listen on {addr}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn readme_is_short_and_its_examples_run_as_shown() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(lines <= 200, "README.md has {lines} lines");
    let commands = sh_commands(&readme);
    assert!(commands.len() >= 10, "{commands:?}");

    let dir = tempfile::tempdir().unwrap();
    let bin_dir = dir.path().join("bin");
    std::fs::create_dir(&bin_dir).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_newsgraph"), bin_dir.join("newsgraph")).unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    for sub in ["data", "queries", "ontology"] {
        std::os::unix::fs::symlink(common::root().join(sub), work.join(sub)).unwrap();
    }

    let mut ran = Vec::new();
    for command in &commands {
        let words: Vec<&str> = command.split_whitespace().collect();
        if words.contains(&"serve") {
            let addr = option(command, "--bind").unwrap_or("127.0.0.1:7878");
            let mut child = shell(&work, &bin_dir, &format!("exec {command}"))
                .spawn()
                .unwrap();
            wait_listening(addr, &mut child, command);
            stop(child);
        } else if words.contains(&"push") {
            // The writable server the example names, on a store of its own.
            let url = words.iter().find(|w| w.starts_with("http://")).unwrap();
            let addr = url.trim_start_matches("http://").split('/').next().unwrap();
            let token = command
                .split_whitespace()
                .find_map(|w| w.strip_prefix("NEWSGRAPH_PASSWORD="))
                .unwrap();
            let built = shell(
                &work,
                &bin_dir,
                "newsgraph build -q --store target.db data/curated",
            )
            .output()
            .unwrap();
            assert!(built.status.success(), "{built:?}");
            let mut server = shell(
                &work,
                &bin_dir,
                &format!(
                    "exec newsgraph serve --store target.db --writable --token {token} --bind {addr}"
                ),
            )
            .spawn()
            .unwrap();
            wait_listening(addr, &mut server, "the push target");
            let out = shell(&work, &bin_dir, command).output().unwrap();
            stop(server);
            assert!(
                out.status.success(),
                "{command} failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        } else {
            let out = shell(&work, &bin_dir, command).output().unwrap();
            assert!(
                out.status.success(),
                "{command} failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        ran.push(words.get(1).copied().unwrap_or_default().to_string());
    }
    // Every command the tour shows ran, and made what it says it makes.
    for name in [
        "build", "query", "extract", "export", "eval", "serve", "stats", "validate",
    ] {
        assert!(
            commands
                .iter()
                .any(|c| c.split_whitespace().any(|w| w == name)),
            "no example of {name}"
        );
    }
    for made in [
        "newsgraph.db",
        "seed.jsonl",
        "review/entities.csv",
        "safeguard-defenders.svg",
        "graph.ttl",
    ] {
        assert!(work.join(made).exists(), "{made} was not made");
    }
    let svg = std::fs::read_to_string(work.join("safeguard-defenders.svg")).unwrap();
    assert!(svg.contains("Safeguard Defenders"), "{svg}");
}

#[test]
fn readme_sh_blocks_join_continuations_and_skip_text_blocks() {
    let text = "```text\nnot run\n```\n```sh\nnewsgraph a \\\n  b\nnewsgraph c\n```\n";
    assert_eq!(sh_commands(text), vec!["newsgraph a   b", "newsgraph c"]);
}
