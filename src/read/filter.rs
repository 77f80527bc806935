//! `--glob` and `--exclude`: which files a walk (and an archive listing) takes, with
//! ripgrep's conventions.
//!
//! Globs match the path relative to the walked directory (or the member path inside an
//! archive), with gitignore rules: a glob without a `/` matches a name at any depth, one with
//! a `/` matches from the root, a trailing `/` matches directories only, and `*` does not cross
//! a `/` (`**` does). `!GLOB` excludes; `--exclude GLOB` is `--glob '!GLOB'` given last. When
//! several globs match, the last one given decides; when any glob includes, a file that no
//! glob matches is left out. An excluded directory is not walked into.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::ffi::OsStr;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
#[error("bad glob {glob:?}: {message}")]
pub struct GlobError {
    pub glob: String,
    pub message: String,
}

#[derive(Clone, Copy, Debug)]
struct Rule {
    exclude: bool,
    dir_only: bool,
}

/// What a walk leaves out; the default takes everything.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    rules: Vec<Rule>,
    set: GlobSet,
    any_include: bool,
}

impl Filter {
    /// `globs` in the order given (`!` excludes), then every `excludes` glob.
    pub fn new(globs: &[String], excludes: &[String]) -> Result<Filter, GlobError> {
        let mut builder = GlobSetBuilder::new();
        let mut rules = Vec::new();
        let given = globs.iter().map(|g| match g.strip_prefix('!') {
            Some(p) => (g, true, p),
            None => (g, false, g.as_str()),
        });
        let excluded = excludes.iter().map(|g| (g, true, g.as_str()));
        for (raw, exclude, pat) in given.chain(excluded) {
            let (dir_only, pat) = match pat.strip_suffix('/') {
                Some(p) => (true, p),
                None => (false, pat),
            };
            let anchored = pat.contains('/');
            let pat = pat.strip_prefix('/').unwrap_or(pat);
            let full = if anchored {
                pat.to_owned()
            } else {
                format!("**/{pat}")
            };
            let glob = GlobBuilder::new(&full)
                .literal_separator(true)
                .build()
                .map_err(|e| GlobError {
                    glob: raw.to_owned(),
                    message: e.kind().to_string(),
                })?;
            builder.add(glob);
            rules.push(Rule { exclude, dir_only });
        }
        let set = builder.build().map_err(|e| GlobError {
            glob: String::new(),
            message: e.to_string(),
        })?;
        let any_include = rules.iter().any(|r| !r.exclude);
        Ok(Filter {
            rules,
            set,
            any_include,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Whether a walk takes this entry; `rel` is relative to the walked directory.
    pub fn walks(&self, rel: &OsStr, is_dir: bool) -> bool {
        if self.rules.is_empty() {
            return true;
        }
        let decided = self
            .set
            .matches(Path::new(rel))
            .into_iter()
            .filter(|&i| is_dir || !self.rules[i].dir_only)
            .max();
        match decided {
            Some(i) => !self.rules[i].exclude,
            None => is_dir || !self.any_include,
        }
    }

    /// Whether an archive member (its path inside the archive) is read.
    pub fn takes_member(&self, name: &[u8]) -> bool {
        if self.rules.is_empty() {
            return true;
        }
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            self.walks(OsStr::from_bytes(name), false)
        }
        #[cfg(not(unix))]
        {
            self.walks(OsStr::new(&*String::from_utf8_lossy(name)), false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(globs: &[&str], excludes: &[&str]) -> Filter {
        let g: Vec<String> = globs.iter().map(|s| s.to_string()).collect();
        let e: Vec<String> = excludes.iter().map(|s| s.to_string()).collect();
        Filter::new(&g, &e).unwrap()
    }

    fn takes(filter: &Filter, path: &str) -> bool {
        filter.walks(OsStr::new(path), false)
    }

    #[test]
    fn no_globs_take_everything() {
        assert!(takes(&Filter::default(), "a/b.txt"));
    }

    #[test]
    fn excludes_match_names_at_any_depth() {
        let filter = f(&[], &["*.truth.json"]);
        assert!(!takes(&filter, "NCT1.truth.json"));
        assert!(!takes(&filter, "deep/dir/NCT1.truth.json"));
        assert!(takes(&filter, "NCT1.json"));
    }

    #[test]
    fn includes_leave_out_what_they_do_not_match_but_walk_every_directory() {
        let filter = f(&["*.json", "!*.truth.json"], &[]);
        assert!(takes(&filter, "a/NCT1.json"));
        assert!(!takes(&filter, "a/NCT1.truth.json"));
        assert!(!takes(&filter, "a/NCT1.find.txt"));
        assert!(filter.walks(OsStr::new("a"), true));
    }

    #[test]
    fn the_last_matching_glob_decides() {
        let filter = f(&["!*.json", "keep.json"], &[]);
        assert!(takes(&filter, "keep.json"));
        assert!(!takes(&filter, "other.json"));
    }

    #[test]
    fn slashes_anchor_and_trailing_slashes_mean_directories() {
        let filter = f(&[], &["/top.txt", "build/", "a/*.txt"]);
        assert!(!takes(&filter, "top.txt"));
        assert!(takes(&filter, "sub/top.txt"));
        assert!(!filter.walks(OsStr::new("x/build"), true));
        assert!(takes(&filter, "x/build"));
        assert!(!takes(&filter, "a/b.txt"));
        assert!(takes(&filter, "a/b/c.txt"), "* does not cross a /");
    }

    #[test]
    fn members_are_filtered_by_their_path_in_the_archive() {
        let filter = f(&[], &["Contents.txt"]);
        assert!(!filter.takes_member(b"Contents.txt"));
        assert!(filter.takes_member(b"NCT0000xxxx/NCT00000102.xml"));
    }

    #[test]
    fn bad_globs_are_errors() {
        assert!(Filter::new(&["a[".into()], &[]).is_err());
    }
}
