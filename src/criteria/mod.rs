//! Criteria block → `Eligibility {inclusion, exclusion, other}`, each a tree of criteria.
//!
//! The block is ClinicalTrials.gov criteria markdown (section headers, `*`/`1.`/`a)`/`①`
//! lists nested by indentation, PDQ-style sub-headings such as "PATIENT CHARACTERISTICS:"
//! and "Age") or bare text with one criterion per line. Lines are classified one at a time
//! ([`lines`]), then placed by a stack machine: the stack holds the open ancestors of the
//! next criterion, so nesting costs no recursion and the whole pass is linear. Every line
//! with words, except a section header's own words, ends up in some criterion's span.

mod lines;
mod text;

use crate::limits::{TooLarge, CRITERIA, LINES};
use crate::warning::WarningCode;
use std::ops::Range;

use crate::record::{Criterion, Eligibility, Section, Warning};
use crate::span::Mapped;
use lines::{Family, Kind, Line};

/// Deeper lists are flattened onto this level (with a `criteria_depth` warning).
const MAX_DEPTH: usize = 32;

/// Parse a criteria block. Odd structure becomes warnings; it fails only for a block past
/// the caps on lines and criteria ([`crate::limits`]).
pub fn parse(block: &Mapped, warnings: &mut Vec<Warning>) -> Result<Eligibility, TooLarge> {
    let src = block.as_str();
    let cap = LINES.of(src.len());
    if memchr::memchr_iter(b'\n', src.as_bytes()).count() >= cap {
        return Err(TooLarge::Lines { cap });
    }
    let lines = classify_all(src);
    let mut tree = Tree::new(src, CRITERIA.of(src.len()));
    let mut next_item_indent = None;
    let mut list_follows = vec![false; lines.len()];
    for (i, line) in lines.iter().enumerate().rev() {
        list_follows[i] = next_item_indent.is_some_and(|n| n >= line.indent);
        match line.kind {
            Kind::Blank => {}
            Kind::Item { .. } => next_item_indent = Some(line.indent),
            _ => next_item_indent = None,
        }
    }
    for (line, follows) in lines.into_iter().zip(list_follows) {
        tree.line(line, follows);
        if tree.full {
            return Err(TooLarge::Criteria {
                cap: tree.max_nodes,
            });
        }
    }
    if let Some(r) = tree.capped.clone() {
        warnings.push(Warning::new(
            WarningCode::CriteriaDepth,
            format!("lists nested deeper than {MAX_DEPTH} levels were flattened"),
            Some(block.span(r)),
        ));
    }
    let el = tree.finish(block);
    if el.inclusion.is_empty() && el.exclusion.is_empty() && el.other.is_empty() {
        warnings.push(Warning::new(
            WarningCode::CriteriaEmpty,
            "the eligibility block holds no criteria",
            (!block.is_empty()).then(|| block.full_span()),
        ));
    }
    Ok(el)
}

fn classify_all(src: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', src.as_bytes()).chain([src.len()]) {
        if let Some(s) = src.get(start..end) {
            out.push(lines::classify(s, start));
        }
        start = end + 1;
    }
    out
}

struct Node {
    range: Range<usize>,
    parent: Option<usize>,
    section: Section,
}

/// What an open ancestor accepts as children.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// A list item; one ending in a colon also adopts a differently marked list or a
    /// paragraph at its own indentation.
    Item { family: Family, colon: bool },
    /// A sub-heading adopts lists at its indentation until a heading of the same or a
    /// lower rank; a major one (rank 0) adopts prose too.
    Heading(u8),
    /// A paragraph adopts only what is indented under it.
    Para,
}

struct Open {
    node: usize,
    indent: usize,
    role: Role,
}

struct Tree<'a> {
    src: &'a str,
    nodes: Vec<Node>,
    stack: Vec<Open>,
    section: Section,
    /// The item the previous line belonged to, and its indentation: a following prose
    /// line indented under it continues its text.
    cont: Option<(usize, usize)>,
    /// Where nesting was first capped.
    capped: Option<Range<usize>>,
    /// Whether a header line without a list marker has been seen.
    plain_header: bool,
    /// The cap on nodes ([`CRITERIA`]), and whether the tree reached it: `parse` gives up
    /// after the line that did.
    max_nodes: usize,
    full: bool,
}

impl<'a> Tree<'a> {
    fn new(src: &'a str, max_nodes: usize) -> Tree<'a> {
        Tree {
            src,
            nodes: Vec::new(),
            stack: Vec::new(),
            section: Section::Other,
            cont: None,
            capped: None,
            plain_header: false,
            max_nodes,
            full: false,
        }
    }

    fn line(&mut self, line: Line, list_follows: bool) {
        let cont = self.cont.take();
        match line.kind {
            Kind::Blank => {}
            Kind::Header { section, rest } => {
                self.plain_header = true;
                self.header(section, rest, list_follows);
            }
            Kind::Item { family, text } => {
                if let Some(section) = self.loose_header(&text) {
                    self.header(section, None, list_follows);
                    return;
                }
                let node = self.item(line.indent, family, text);
                self.cont = Some((node, line.indent));
            }
            Kind::Prose { text, hashes } => {
                if let Some((node, indent)) = cont {
                    if line.indent > indent {
                        self.extend(node, text.end);
                        self.cont = Some((node, indent));
                        return;
                    }
                }
                if let Some(section) = self.loose_header(&text) {
                    self.header(section, None, list_follows);
                    return;
                }
                let words = self.src.get(text.clone()).unwrap_or("");
                match lines::heading_rank(words, hashes, list_follows) {
                    Some(rank) => self.heading(line.indent, rank, text),
                    None => self.para(line.indent, text),
                }
            }
        }
    }

    /// A loose header ("Inclusion:", "* Exclusion Criteria") switches lists only while
    /// the block has no plain header; after one it is a criterion, as the registry's
    /// readers take it.
    fn loose_header(&self, text: &Range<usize>) -> Option<Section> {
        if self.plain_header {
            return None;
        }
        self.src.get(text.clone()).and_then(lines::loose_header)
    }

    fn header(&mut self, section: Section, rest: Option<Range<usize>>, list_follows: bool) {
        self.stack.clear();
        self.section = section;
        if let Some(r) = rest {
            let words = self.src.get(r.clone()).unwrap_or("");
            match lines::heading_rank(words, false, list_follows) {
                Some(rank) => self.heading(0, rank, r),
                None => self.para(0, r),
            }
        }
    }

    fn item(&mut self, indent: usize, family: Family, text: Range<usize>) -> usize {
        self.pop_deeper(indent);
        self.pop_while(|o| o.indent == indent && o.role == Role::Para);
        // A marker of the same list at this indentation makes a sibling of that item.
        let same = self
            .stack
            .iter()
            .rev()
            .take_while(|o| o.indent == indent && matches!(o.role, Role::Item { .. }))
            .position(|o| matches!(o.role, Role::Item { family: f, .. } if f == family));
        match same {
            Some(k) => self.stack.truncate(self.stack.len() - k - 1),
            None => self.pop_while(|o| {
                o.indent == indent && matches!(o.role, Role::Item { colon: false, .. })
            }),
        }
        if family != Family::Circled {
            let colon = ends_with_colon(self.src, &text);
            return self.open_split(text, indent, Role::Item { family, colon });
        }
        // `① a ② b` on one line: each is an item of the same list.
        let mut parts = text::split_circled(self.src, text.clone())
            .into_iter()
            .flatten()
            .flat_map(|g| std::iter::once(g.lead).chain(g.items));
        let first = parts.next().unwrap_or(text);
        let mut last = self.open_item(first, indent, family);
        for r in parts {
            self.stack.pop();
            last = self.open_item(r, indent, family);
        }
        last
    }

    fn open_item(&mut self, text: Range<usize>, indent: usize, family: Family) -> usize {
        let colon = ends_with_colon(self.src, &text);
        self.open(text, indent, Role::Item { family, colon })
    }

    fn para(&mut self, indent: usize, text: Range<usize>) {
        self.pop_deeper(indent);
        // A lead-in line adopts the list under it but not the next line of prose: in text
        // with one criterion per line nothing marks where its sub-list would end.
        self.pop_while(|o| {
            o.indent == indent
                && matches!(
                    o.role,
                    Role::Para | Role::Item { colon: false, .. } | Role::Heading(1..)
                )
        });
        self.open_split(text, indent, Role::Para);
    }

    fn heading(&mut self, indent: usize, rank: u8, text: Range<usize>) {
        self.pop_deeper(indent);
        self.pop_while(|o| {
            o.indent == indent
                && match o.role {
                    Role::Heading(r) => r >= rank,
                    Role::Item { .. } | Role::Para => true,
                }
        });
        self.open_split(text, indent, Role::Heading(rank));
    }

    fn pop_deeper(&mut self, indent: usize) {
        self.pop_while(|o| o.indent > indent);
    }

    fn pop_while(&mut self, f: impl Fn(&Open) -> bool) {
        while self.stack.last().is_some_and(&f) {
            self.stack.pop();
        }
    }

    /// Open a node for `text`, splitting an inline `①②` list into its children (and a
    /// restarted count into sibling nodes). Returns the last node opened.
    fn open_split(&mut self, text: Range<usize>, indent: usize, role: Role) -> usize {
        let groups = text::split_circled(self.src, text.clone()).unwrap_or_default();
        let mut groups = groups.into_iter();
        let Some(first) = groups.next() else {
            return self.open(text, indent, role);
        };
        let mut last = self.open_group(first, indent, role);
        for g in groups {
            self.stack.pop();
            last = self.open_group(g, indent, role);
        }
        last
    }

    fn open_group(&mut self, g: text::Group, indent: usize, role: Role) -> usize {
        let node = self.open(g.lead, indent, role);
        for item in g.items {
            self.push_node(item, Some(node));
        }
        node
    }

    /// Open a node as a child of the stack's top, capping the depth.
    fn open(&mut self, text: Range<usize>, indent: usize, role: Role) -> usize {
        if self.stack.len() >= MAX_DEPTH {
            self.stack.pop();
            if self.capped.is_none() {
                self.capped = Some(text.clone());
            }
        }
        let parent = self.stack.last().map(|o| o.node);
        let node = self.push_node(text, parent);
        self.stack.push(Open { node, indent, role });
        node
    }

    fn push_node(&mut self, range: Range<usize>, parent: Option<usize>) -> usize {
        if self.nodes.len() >= self.max_nodes {
            // The rest of the line attaches to the last node; the parse fails after it.
            self.full = true;
            return self.nodes.len() - 1;
        }
        self.nodes.push(Node {
            range,
            parent,
            section: self.section,
        });
        self.nodes.len() - 1
    }

    /// A wrapped line continues the item's text up to `end`.
    fn extend(&mut self, node: usize, end: usize) {
        let Some(n) = self.nodes.get_mut(node) else {
            return;
        };
        if n.range.is_empty() {
            // `*` alone on its line: the text starts on the next one.
            n.range = lines::trim_range(self.src, n.range.start..end);
        } else {
            n.range.end = end;
        }
        let colon = ends_with_colon(self.src, &n.range);
        if let Some(o) = self.stack.iter_mut().rev().find(|o| o.node == node) {
            if let Role::Item { family, .. } = o.role {
                o.role = Role::Item { family, colon };
            }
        }
    }

    /// Build the criteria bottom-up: children always come after their parent, so one
    /// reverse pass completes every child list before its parent needs it.
    fn finish(self, block: &Mapped) -> Eligibility {
        let mut kids: Vec<Vec<Criterion>> = Vec::new();
        kids.resize_with(self.nodes.len(), Vec::new);
        let mut el = Eligibility::default();
        for (i, node) in self.nodes.iter().enumerate().rev() {
            let text = text::build(block, node.range.clone());
            let mut children = kids.get_mut(i).map(std::mem::take).unwrap_or_default();
            if text.is_empty() && children.is_empty() {
                continue;
            }
            children.reverse();
            let span = if text.is_empty() {
                block.span(node.range.clone())
            } else {
                text.full_span()
            };
            let c = Criterion {
                text,
                span,
                children,
            };
            match node.parent.and_then(|p| kids.get_mut(p)) {
                Some(siblings) => siblings.push(c),
                None => match node.section {
                    Section::Inclusion => el.inclusion.push(c),
                    Section::Exclusion => el.exclusion.push(c),
                    Section::Other => el.other.push(c),
                },
            }
        }
        el.inclusion.reverse();
        el.exclusion.reverse();
        el.other.reverse();
        el
    }
}

fn ends_with_colon(src: &str, r: &Range<usize>) -> bool {
    src.get(r.clone())
        .is_some_and(|t| t.trim_end().trim_end_matches('*').ends_with([':', '：']))
}

#[cfg(test)]
mod tests;
