//! The `show` page of each seed and of the hostile fixtures is an insta snapshot in
//! `snapshots/show/` (`INSTA_UPDATE=always cargo test --test show_snapshots` to re-record;
//! review the diff). The hostile pages also get checked here for what must never appear.

use std::path::Path;
use trialparse::{parse_bytes, show};

const PAGES: [&str; 6] = [
    "corpus/000_12ad7b77f5f507e9.txt",
    "corpus/001_e528972679042d84.txt",
    "corpus/004_d666156634f9ad67.txt",
    "corpus/edge/find_page.html",
    "corpus/edge/xss_page.txt",
    "corpus/edge/xss_page.html",
];

fn page(rel: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(root.join(rel)).expect("fixture readable");
    let rec = parse_bytes(rel, &bytes, None);
    show::page(&rec, &bytes, 0)
}

#[test]
fn seed_and_hostile_pages_match_their_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root.join("snapshots/show"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    for rel in PAGES {
        let name = rel.trim_start_matches("corpus/").replace('/', "__");
        let html = page(rel);
        settings.bind(|| insta::assert_snapshot!(name, html));
    }
}

#[test]
fn hostile_pages_hold_their_markup_only_as_text() {
    let handler = regex::Regex::new(r#"<[a-zA-Z][^>]*\s(on[a-z]+=|href="javascript)"#).unwrap();
    for rel in ["corpus/edge/xss_page.txt", "corpus/edge/xss_page.html"] {
        let html = page(rel);
        // One script element (ours), and none of the page's tags or handlers as markup.
        assert_eq!(html.matches("<script").count(), 1, "{rel}");
        for bad in [
            "<img",
            "<svg",
            "<iframe",
            "<b onmouseover",
            "<a href=\"javascript",
            "<base",
            "<form action",
            "<meta http-equiv=\"refresh",
            "<math",
            "</textarea>",
            "<style>body",
            "<style>*",
        ] {
            assert!(!html.contains(bad), "{rel}: {bad}");
        }
        // No element carries an event handler or a javascript: URL.
        assert!(!handler.is_match(&html), "{rel}");
        // The script element holds exactly our script.
        let start = html.find("<script>").unwrap() + "<script>".len();
        let end = html[start..].find("</script>").unwrap() + start;
        assert_eq!(&html[start..end], show::SCRIPT, "{rel}");
    }
    // The text page's payloads are on the page, escaped.
    let html = page("corpus/edge/xss_page.txt");
    assert!(html.contains("&#60;/textarea&#62;&#60;script&#62;alert(2)&#60;/script&#62;"));
    assert!(html.contains("&#60;a href=&#34;javascript:alert(4)&#34;&#62;"));
}
