//! The crate's modules import one way: an import graph made of the `crate::…` paths in
//! `src/**/*.rs` has no circle, neither between files nor between top-level modules
//! (the layers: `diag` and the other ground-floor types, `walk`, `identify`, `facts`,
//! `checks`, `report`, …, `cli`). Test code (`#[cfg(test)] mod tests` at the end of a
//! file) may use any layer and is left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`walk::archive`) → source file, for every file under `src`.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts == ["lib"] || parts == ["main"] {
                continue;
            }
            if parts.last().is_some_and(|l| l == "mod") {
                parts.pop();
            }
            out.insert(parts.join("::"), p);
        }
    }
    out
}

/// The source without line comments and without the test module at its end.
fn production_code(text: &str) -> String {
    let cut = text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len());
    text[..cut]
        .lines()
        .map(|l| match l.find("//") {
            // `//` inside a string (a URL) is rare in this crate; a line comment is
            // what this drops.
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Expands a `use` tree body (`a::{b, c::d}, e`) into paths (`a::b`, `a::c::d`, `e`).
fn expand(prefix: &str, body: &str, out: &mut Vec<String>) {
    let mut depth = 0;
    let mut start = 0;
    let bytes = body.as_bytes();
    let mut items = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b',' if depth == 0 => {
                items.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&body[start..]);
    for item in items {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let join = |rest: &str| {
            if prefix.is_empty() {
                rest.to_owned()
            } else {
                format!("{prefix}::{rest}")
            }
        };
        match item.find('{') {
            Some(open) => {
                let head = item[..open].trim_end_matches("::").trim();
                let close = item.rfind('}').unwrap_or(item.len());
                expand(&join(head), &item[open + 1..close], out);
            }
            None => {
                let path = item.split(" as ").next().unwrap_or(item).trim();
                out.push(join(path));
            }
        }
    }
}

/// Every `crate::…` path in `code`.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `evcheck_crate::`, not ours
        }
        if let Some(body) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = body
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map(|(j, _)| j)
                .unwrap_or(body.len());
            expand("", &body[..end], &mut out);
        } else {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            out.push(rest[..end].trim_end_matches(':').to_owned());
        }
    }
    out
}

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The import graph of the files under `src`: module → modules its code names, each
/// path resolved to the longest module it starts with. With `top`, files are merged
/// into their top-level module.
fn graph(src: &Path, top: bool) -> Graph {
    let mods = modules(src);
    let mut g = Graph::new();
    let level = |m: &str| -> String {
        if top {
            m.split("::").next().unwrap_or(m).to_owned()
        } else {
            m.to_owned()
        }
    };
    for (m, file) in &mods {
        let text = std::fs::read_to_string(file).unwrap();
        let from = level(m);
        g.entry(from.clone()).or_default();
        for path in crate_paths(&production_code(&text)) {
            let parts: Vec<&str> = path.split("::").collect();
            let target = (1..=parts.len())
                .rev()
                .map(|n| parts[..n].join("::"))
                .find(|p| mods.contains_key(p));
            if let Some(t) = target {
                let to = level(&t);
                if to != from {
                    g.entry(from.clone()).or_default().insert(to);
                }
            }
        }
    }
    g
}

/// A circle of the graph, if it has one (as the modules along it).
fn find_cycle(g: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark: BTreeMap<&str, Mark> = g.keys().map(|k| (k.as_str(), Mark::New)).collect();
    fn visit<'a>(
        g: &'a Graph,
        n: &'a str,
        mark: &mut BTreeMap<&'a str, Mark>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        mark.insert(n, Mark::Open);
        path.push(n);
        for m in g.get(n).into_iter().flatten() {
            match mark.get(m.as_str()).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let at = path.iter().position(|p| p == m).unwrap_or(0);
                    let mut c: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
                    c.push(m.clone());
                    return Some(c);
                }
                Mark::New => {
                    if let Some(c) = visit(g, m, mark, path) {
                        return Some(c);
                    }
                }
                Mark::Done => {}
            }
        }
        path.pop();
        mark.insert(n, Mark::Done);
        None
    }
    let keys: Vec<&str> = g.keys().map(String::as_str).collect();
    for k in keys {
        if mark.get(k) == Some(&Mark::New) {
            if let Some(c) = visit(g, k, &mut mark, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

fn src_dir() -> PathBuf {
    // Another tree can be checked the same way (e.g. an older version's `src`).
    std::env::var_os("EVCHECK_ARCH_SRC")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn no_import_circle_between_files() {
    let g = graph(&src_dir(), false);
    assert!(g.len() > 20, "too few modules found: {g:?}");
    if let Some(c) = find_cycle(&g) {
        panic!("import circle between files: {}", c.join(" → "));
    }
}

#[test]
fn no_import_circle_between_layers() {
    let g = graph(&src_dir(), true);
    if let Some(c) = find_cycle(&g) {
        panic!("import circle between top-level modules: {}", c.join(" → "));
    }
}

#[test]
fn ground_floor_modules_import_nothing_of_the_crate() {
    let g = graph(&src_dir(), true);
    for m in ["diag", "atomic", "panics", "calendar", "numerals"] {
        let deps = g.get(m).cloned().unwrap_or_default();
        assert!(deps.is_empty(), "{m} imports {deps:?}");
    }
    for (m, forbidden) in [("walk", "checks"), ("facts", "checks"), ("cache", "report")] {
        let deps = g.get(m).cloned().unwrap_or_default();
        assert!(!deps.contains(forbidden), "{m} imports {forbidden}");
    }
}

#[test]
fn the_detector_sees_circles_and_nested_use_trees() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("b")).unwrap();
    std::fs::write(src.join("lib.rs"), "pub mod a; pub mod b; pub mod c;").unwrap();
    std::fs::write(
        src.join("a.rs"),
        "use crate::{b::{inner::X, Y as Z}};\n// crate::c in a comment\n",
    )
    .unwrap();
    std::fs::write(src.join("b/mod.rs"), "pub mod inner;\n").unwrap();
    std::fs::write(src.join("b/inner.rs"), "fn f() { crate::c::g(); }\n").unwrap();
    std::fs::write(
        src.join("c.rs"),
        "pub fn g() {}\n#[cfg(test)]\nmod tests { use crate::a; }\n",
    )
    .unwrap();
    // a → b::inner → c, test code not counted: no circle.
    let g = graph(src, false);
    assert_eq!(
        g["a"],
        BTreeSet::from(["b::inner".to_owned(), "b".to_owned()])
    );
    assert!(find_cycle(&g).is_none(), "{g:?}");
    // c → a closes one.
    std::fs::write(src.join("c.rs"), "pub fn g() { crate::a::h(); }\n").unwrap();
    let c = find_cycle(&graph(src, false)).expect("a circle");
    assert!(
        c.contains(&"a".to_owned()) && c.contains(&"c".to_owned()),
        "{c:?}"
    );
    assert!(find_cycle(&graph(src, true)).is_some());
}
