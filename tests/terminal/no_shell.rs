//! Links leave through the opener as one argv element, and no code path
//! ever hands a string to a shell.

use std::path::Path;

use tickwire::tui::links::{is_openable, opener};

#[test]
fn a_url_with_shell_metacharacters_is_one_argument() {
    let url = "https://e.x/a;rm -rf ~&b=$(id)`id`|cat>x";
    assert!(!is_openable(url), "whitespace inside: refused outright");
    let url = "https://e.x/a;rm${IFS}-rf&b=$(id)`id`|cat>x";
    assert!(is_openable(url));
    let command = opener(url);
    assert!(["xdg-open", "open"].contains(&command.get_program().to_str().unwrap()));
    assert_eq!(command.get_args().collect::<Vec<_>>(), [url]);
}

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path.display().to_string(), text));
        }
    }
}

#[test]
fn no_shell_anywhere_in_the_product() {
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    assert!(files.len() > 20, "read the source tree");
    let shells = [
        "\"sh\"",
        "\"bash\"",
        "\"zsh\"",
        "\"cmd\"",
        "\"cmd.exe\"",
        "/bin/sh",
        "sh -c",
        "\"-c\"",
        "\"/C\"",
        "powershell",
        "system(",
        "popen(",
    ];
    for (path, text) in &files {
        for shell in shells {
            assert!(!text.contains(shell), "{path} mentions {shell}");
        }
        for (at, _) in text.match_indices("Command::new(") {
            assert!(
                path.ends_with("tui/links.rs"),
                "{path}:{at} spawns a process; only the link opener may"
            );
        }
    }
}
