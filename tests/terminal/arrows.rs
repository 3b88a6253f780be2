//! The house's arrows, read from `src/` as text: every `crate::…` and
//! `super::…` path outside test code is an arrow from its file to the
//! module it names. Rooms import only rooms below them (the order in
//! docs/ARCHITECTURE.md), and no files import each other in a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level rooms, lowest first: a room may name only itself and those
/// before it.
const ROOMS: &[&str] = &[
    "core", "config", "log", "sources", "event", "store", "wiring", "bus", "headless", "tui", "cli",
];

/// `core`'s rooms, lowest first; the kernel leaves share the first rank.
const CORE_ROOMS: &[&[&str]] = &[
    &["model", "hash", "text", "timeline"],
    &["signal"],
    &["news"],
    &["alerts"],
    &["market"],
    &["quotes"],
    &["app"],
    &["replay"],
];

type Module = Vec<String>;

/// Every `.rs` file under `dir`, as its module path and its text before
/// the first `#[cfg(test)]` (tests may reach anywhere), comments removed.
fn modules(root: &Path, dir: &Path, out: &mut BTreeMap<Module, String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            modules(root, &path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap().with_extension("");
        let mut module: Module = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if matches!(
            module.last().map(String::as_str),
            Some("mod" | "lib" | "main")
        ) {
            module.pop();
        }
        if module.last().is_some_and(|m| m == "tests") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let code: String = code
            .lines()
            .map(|l| l.split("//").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n");
        out.insert(module, code);
    }
}

/// The paths a file names: `crate::a::b`, `super::c`, with one level of
/// braces expanded (`crate::a::{b, c::D}`).
fn named_paths(code: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for head in ["crate::", "super::"] {
        let mut rest = code;
        while let Some(at) = rest.find(head) {
            let before = rest[..at].chars().last();
            rest = &rest[at + head.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let path = &rest[..end];
            let mut parts: Vec<String> = path
                .split("::")
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect();
            let kind = head.trim_end_matches("::").to_string();
            if rest[end..].starts_with('{') && (path.is_empty() || path.ends_with("::")) {
                let inner = &rest[end + 1..rest[end..].find('}').map_or(end, |i| end + i)];
                for tail in inner.split(',') {
                    let first = tail.trim().split("::").next().unwrap_or_default();
                    if !first.is_empty() && first != "self" {
                        let mut p = parts.clone();
                        p.push(first.to_string());
                        out.push((kind.clone(), p));
                    }
                }
                parts.clear();
            }
            if !parts.is_empty() {
                out.push((kind, parts));
            }
        }
    }
    out
}

/// The module each file names (the longest prefix that is a file).
fn arrows(mods: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut edges = BTreeMap::new();
    for (me, code) in mods {
        let is_dir = mods.keys().any(|m| m.len() > me.len() && m.starts_with(me));
        let mut targets = BTreeSet::new();
        for (kind, mut parts) in named_paths(code) {
            let mut base: Module = if kind == "crate" {
                Vec::new()
            } else {
                // `super` of `a/b.rs` is `a`; of `a/b/mod.rs` (module a::b) also `a`.
                me[..me.len().saturating_sub(1)].to_vec()
            };
            while parts.first().is_some_and(|p| p == "super") {
                parts.remove(0);
                base.pop();
            }
            let full: Module = base.into_iter().chain(parts).collect();
            let target = (1..=full.len())
                .rev()
                .map(|k| full[..k].to_vec())
                .find(|m| mods.contains_key(m));
            let Some(target) = target else { continue };
            let own_child = is_dir && target.len() == me.len() + 1 && target.starts_with(me);
            if target != *me && !own_child {
                targets.insert(target);
            }
        }
        edges.insert(me.clone(), targets);
    }
    edges
}

fn rank(module: &Module) -> Option<(usize, usize)> {
    let top = ROOMS
        .iter()
        .position(|r| module.first().is_some_and(|m| m == r))?;
    if top != 0 || module.len() < 2 {
        return Some((top, 0));
    }
    let core = CORE_ROOMS
        .iter()
        .position(|rooms| rooms.contains(&module[1].as_str()))?;
    Some((top, core))
}

fn src() -> BTreeMap<Module, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut mods = BTreeMap::new();
    modules(&root, &root, &mut mods);
    mods.remove(&Vec::new());
    mods.remove(&vec!["main".to_string()]);
    mods
}

#[test]
fn every_room_imports_only_rooms_below_it() {
    let mods = src();
    assert!(mods.len() > 50, "read the source tree");
    let mut against = Vec::new();
    for (from, targets) in arrows(&mods) {
        let Some(here) = rank(&from) else {
            against.push(format!(
                "{} is in no room of the documented order",
                from.join("/")
            ));
            continue;
        };
        for to in targets {
            let there = rank(&to).unwrap_or((usize::MAX, usize::MAX));
            let up = if here.0 == there.0 && here.0 == 0 {
                there.1 > here.1
            } else {
                there.0 > here.0
            };
            if up {
                against.push(format!("{} -> {}", from.join("/"), to.join("/")));
            }
        }
    }
    assert!(
        against.is_empty(),
        "arrows against the room order:\n{}",
        against.join("\n")
    );
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let edges = arrows(&src());
    // A circle exists iff a depth-first walk meets a module on its own path.
    fn walk<'a>(
        m: &'a Module,
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        state: &mut BTreeMap<&'a Module, bool>,
        path: &mut Vec<&'a Module>,
        circles: &mut Vec<String>,
    ) {
        match state.get(m) {
            Some(true) => {
                let from = path.iter().position(|p| *p == m).unwrap_or(0);
                let names: Vec<String> = path[from..].iter().map(|p| p.join("/")).collect();
                circles.push(names.join(" -> "));
                return;
            }
            Some(false) => return,
            None => {}
        }
        state.insert(m, true);
        path.push(m);
        for to in edges.get(m).into_iter().flatten() {
            walk(to, edges, state, path, circles);
        }
        path.pop();
        state.insert(m, false);
    }
    let (mut state, mut circles) = (BTreeMap::new(), Vec::new());
    for m in edges.keys() {
        walk(m, &edges, &mut state, &mut Vec::new(), &mut circles);
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_reader_sees_an_arrow_against_the_order() {
    let mut mods = BTreeMap::new();
    let m = |p: &str| p.split('/').map(String::from).collect::<Module>();
    mods.insert(m("core/model"), "use crate::core::app::State;".to_string());
    mods.insert(
        m("core/app"),
        "use super::{model::Quote, news};".to_string(),
    );
    mods.insert(m("core/news"), String::new());
    let edges = arrows(&mods);
    assert_eq!(edges[&m("core/model")], [m("core/app")].into());
    assert_eq!(
        edges[&m("core/app")],
        [m("core/model"), m("core/news")].into()
    );
    assert!(rank(&m("core/app")) > rank(&m("core/model")));
}
