//! Feed documents rewritten, where needed, into the forms feed-rs reads
//! in full, so that one odd entry never costs the feed and no headline is
//! lost to a dialect:
//!
//! - Atom 0.3 becomes Atom 1.0 (namespace; `issued`/`modified`/`created`
//!   dates; `mode` escaped/base64/xml; `tagline`, `copyright`).
//! - Atom text constructs of any `type` (empty, a media type, base64,
//!   inline XML) become plain text or escaped HTML; empty ones go.
//! - RSS in a namespace of its own (RSS 2.0 with a default namespace,
//!   RSS 0.90) is read as RSS.
//! - An entry without a title takes its `dc:title` or `media:title`, one
//!   without a summary its `dc:description` or `media:description`, and an
//!   RSS 1.0 item without a link its `rdf:about`.
//! - Bytes that are not UTF-8 in a document that declares no encoding are
//!   read as windows-1252.
//!
//! Spans that need no change are copied verbatim; a document that needs
//! none comes back borrowed, byte-identical.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use super::atom_text::{is_standard_type, text_construct};
use super::charset::decode_xml;

const ATOM10: &str = "http://www.w3.org/2005/Atom";
const ATOM03: &str = "http://purl.org/atom/ns#";
const RSS10: &str = "http://purl.org/rss/1.0/";
/// Namespaces RSS has been published in that feed-rs does not know.
const RSS_ALIASES: [&str; 5] = [
    "http://backend.userland.com/rss2",
    "http://backend.userland.com/rss",
    "http://purl.org/rss/2.0/",
    "http://my.netscape.com/rdf/simple/0.9/",
    "http://channel.netscape.com/rdf/simple/0.9/",
];
const DC: &str = "http://purl.org/dc/elements/1.1/";
const MEDIA: &str = "http://search.yahoo.com/mrss/";

/// Atom elements whose content is a text construct.
const TEXT_CONSTRUCTS: [&str; 7] = [
    "title",
    "subtitle",
    "tagline",
    "summary",
    "content",
    "rights",
    "copyright",
];

pub struct Normalized<'a> {
    pub bytes: Cow<'a, [u8]>,
    /// How many `<item>`/`<entry>` elements the document has.
    pub entries: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Atom { v03: bool },
    Rss,
    Rdf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    /// No namespace: the feed's own vocabulary for feed-rs.
    None,
    Atom,
    Rss,
    Dc,
    Media,
    Other,
}

fn ns_of(resolved: &ResolveResult<'_>) -> Ns {
    match resolved {
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Bound(ns) => match ns.as_ref() {
            ATOM10 | ATOM03 => Ns::Atom,
            RSS10 => Ns::Rss,
            DC => Ns::Dc,
            MEDIA => Ns::Media,
            uri if RSS_ALIASES.contains(&uri) => Ns::Rss,
            _ => Ns::Other,
        },
        ResolveResult::Unknown(_) => Ns::Other,
    }
}

/// The elements whose children matter, by local name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Feed,
    Entry,
    Source,
    Item,
    Other,
}

impl Kind {
    fn of(local: &str) -> Kind {
        match local {
            "feed" => Kind::Feed,
            "entry" => Kind::Entry,
            "source" => Kind::Source,
            "item" => Kind::Item,
            _ => Kind::Other,
        }
    }
}

struct Frame {
    kind: Kind,
    ns: Ns,
}

/// What one item or entry has, and what it could fall back on.
#[derive(Default)]
struct Item {
    title: bool,
    summary: bool,
    link: bool,
    published: bool,
    dc_title: Option<String>,
    media_title: Option<String>,
    fallback_summary: Option<String>,
    about: Option<String>,
}

/// The output: the source with some spans replaced.
struct Editor<'a> {
    src: &'a str,
    out: String,
    copied: usize,
    changed: bool,
}

impl Editor<'_> {
    fn replace(&mut self, from: usize, to: usize, with: &str) {
        self.out.push_str(&self.src[self.copied..from]);
        self.out.push_str(with);
        self.copied = to;
        self.changed = true;
    }
}

/// `None` when the bytes are not an RSS, RDF or Atom document that
/// quick-xml can read (JSON, broken XML): the caller uses them as they are.
pub fn normalize(bytes: &[u8]) -> Option<Normalized<'_>> {
    let decoded = decode_xml(bytes);
    let src: &str = &decoded.text;
    if !src.trim_start().starts_with('<') {
        return None;
    }
    let mut reader = NsReader::from_str(src);
    let mut ed = Editor {
        src,
        out: String::new(),
        copied: 0,
        changed: decoded.guessed,
    };
    let mut family = None;
    let mut stack: Vec<Frame> = Vec::new();
    let mut item: Option<Item> = None;
    let mut entries = 0;
    loop {
        let start = reader.buffer_position() as usize;
        let (resolved, event) = reader.read_resolved_event().ok()?;
        let ns = ns_of(&resolved);
        let end = reader.buffer_position() as usize;
        let (e, empty) = match event {
            Event::Eof => break,
            Event::Decl(_) if decoded.transcoded => {
                // Only matters when the rewrite is used: it is UTF-8.
                let changed = ed.changed;
                ed.replace(start, end, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
                ed.changed = changed;
                continue;
            }
            Event::End(_) => {
                let frame = stack.pop()?;
                let family = family?;
                if is_entry(family, &frame) {
                    let additions = item.take().map(|i| additions(family, i));
                    if let Some(add) = additions.filter(|a| !a.is_empty()) {
                        ed.replace(start, start, &add);
                    }
                }
                continue;
            }
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            _ => continue,
        };
        let local_name = e.local_name();
        let local: &str = local_name.as_ref();
        let family = match family {
            Some(f) => f,
            None => {
                let found = root_family(local, ns, &e)?;
                family = Some(found);
                found
            }
        };
        let parent = stack.last();
        let inner = |reader: &mut NsReader<&[u8]>| -> Option<(&str, usize)> {
            if empty {
                return Some(("", end));
            }
            let span = reader.read_to_end(e.name()).ok()?;
            let inner = &src[span.start as usize..span.end as usize];
            Some((inner, reader.buffer_position() as usize))
        };
        let in_atom_parent = parent.is_some_and(|p| {
            matches!(p.ns, Ns::Atom | Ns::None)
                && matches!(p.kind, Kind::Feed | Kind::Entry | Kind::Source)
        });
        let atomish = matches!(ns, Ns::Atom | Ns::None);
        let rssish = matches!(ns, Ns::Rss | Ns::None);
        let item_parent = parent.is_some_and(|p| is_entry(family, p));

        if let Family::Atom { v03 } = family
            && in_atom_parent
            && atomish
            && TEXT_CONSTRUCTS.contains(&local)
        {
            let (xml, to) = inner(&mut reader)?;
            let attr = |name: &str| attr_value(&e, name);
            let (ty, mode, has_src) = (attr("type"), attr("mode"), attr("src").is_some());
            let value = text_construct(ty.as_deref(), mode.as_deref(), xml, v03);
            if item_parent && value.is_some() {
                let item = item.get_or_insert_with(Item::default);
                match local {
                    "title" => item.title = true,
                    "summary" | "content" => item.summary = true,
                    _ => {}
                }
            }
            let needed = v03
                || empty
                || value.is_none()
                || has_src
                || mode.is_some()
                || !is_standard_type(ty.as_deref());
            if needed {
                let with = match value {
                    Some((kind, text)) if !(has_src && local == "content") => {
                        let name = renamed(&e, atom03_name(local));
                        format!(
                            r#"<{name} type="{}">{}</{name}>"#,
                            kind.attr(),
                            escape(&text)
                        )
                    }
                    _ => String::new(),
                };
                ed.replace(start, to, &with);
            }
            continue;
        }
        if family == (Family::Atom { v03: true })
            && item_parent
            && atomish
            && matches!(local, "issued" | "modified" | "created")
        {
            let (xml, to) = inner(&mut reader)?;
            let item = item.get_or_insert_with(Item::default);
            let target = match local {
                "modified" => Some("updated"),
                "issued" => Some("published"),
                _ => (!item.published).then_some("published"),
            };
            item.published |= target == Some("published");
            if let Some(target) = target {
                let name = renamed(&e, target);
                ed.replace(start, to, &format!("<{name}>{xml}</{name}>"));
            }
            continue;
        }
        if is_entry(
            family,
            &Frame {
                kind: Kind::of(local),
                ns,
            },
        ) {
            entries += 1;
            item = Some(Item {
                about: attr_value(&e, "rdf:about"),
                ..Item::default()
            });
        } else if let Some(it) = item.as_mut() {
            let fallback = match (ns, local) {
                (Ns::Dc, "title") => Some(&mut it.dc_title),
                (Ns::Media, "title") => Some(&mut it.media_title),
                (Ns::Dc | Ns::Media, "description") => Some(&mut it.fallback_summary),
                _ => None,
            };
            if let Some(slot) = fallback {
                let (xml, _) = inner(&mut reader)?;
                let text = text_construct(None, None, xml, false).map(|(_, t)| t);
                if slot.is_none() {
                    *slot = text;
                }
                continue;
            }
            if item_parent && local == "encoded" {
                // content:encoded, often the whole article: nothing to fix.
                inner(&mut reader)?;
                continue;
            }
            if item_parent && rssish && !matches!(family, Family::Atom { .. }) {
                match local {
                    "title" => {
                        let (xml, _) = inner(&mut reader)?;
                        it.title |= !xml.trim().is_empty();
                        continue;
                    }
                    "description" => {
                        // Skipped whole: the biggest element, and nothing to fix.
                        it.summary = true;
                        inner(&mut reader)?;
                        continue;
                    }
                    "link" => it.link = true,
                    _ => {}
                }
            }
        }
        rewrite_namespaces(&mut ed, &e, start, end);
        if !empty {
            stack.push(Frame {
                kind: Kind::of(local),
                ns,
            });
        }
    }
    let bytes = if ed.changed {
        ed.out.push_str(&src[ed.copied..]);
        Cow::Owned(ed.out.into_bytes())
    } else {
        Cow::Borrowed(bytes)
    };
    Some(Normalized { bytes, entries })
}

fn root_family(local: &str, ns: Ns, e: &BytesStart<'_>) -> Option<Family> {
    match local {
        "feed" => {
            let v03 = e.attributes().flatten().any(|a| {
                &*a.value == ATOM03 || (a.key.as_ref() == "version" && &*a.value == "0.3")
            });
            Some(Family::Atom { v03 })
        }
        "rss" => Some(Family::Rss),
        "RDF" if ns == Ns::Other || ns == Ns::None => Some(Family::Rdf),
        _ => None,
    }
}

fn is_entry(family: Family, frame: &Frame) -> bool {
    match family {
        Family::Atom { .. } => frame.kind == Kind::Entry && matches!(frame.ns, Ns::Atom | Ns::None),
        Family::Rss | Family::Rdf => {
            frame.kind == Kind::Item && matches!(frame.ns, Ns::Rss | Ns::None)
        }
    }
}

/// The elements an entry lacks, from what it had instead.
fn additions(family: Family, item: Item) -> String {
    let mut out = String::new();
    let atom = matches!(family, Family::Atom { .. });
    if !item.title
        && let Some(title) = item.dc_title.or(item.media_title)
    {
        let ty = if atom { r#" type="text""# } else { "" };
        out += &format!("<title{ty}>{}</title>", escape(&title));
    }
    if !item.summary
        && let Some(summary) = item.fallback_summary
    {
        out += &match atom {
            true => format!(r#"<summary type="text">{}</summary>"#, escape(&summary)),
            false => format!("<description>{}</description>", escape(&summary)),
        };
    }
    if family == Family::Rdf && !item.link {
        // feed-rs drops RSS 1.0 items without a link; "about:blank" keeps
        // the item and is no http(s) link, so sanitizing drops it later.
        let about = item.about.unwrap_or_else(|| "about:blank".into());
        out += &format!("<link>{}</link>", escape(&about));
    }
    out
}

/// Atom 0.3 names of text constructs, in Atom 1.0.
fn atom03_name(local: &str) -> &str {
    match local {
        "tagline" => "subtitle",
        "copyright" => "rights",
        other => other,
    }
}

/// The element's qualified name with a new local part, prefix kept.
fn renamed(e: &BytesStart<'_>, local: &str) -> String {
    let name = e.name().as_ref().to_string();
    match name.split_once(':') {
        Some((prefix, _)) => format!("{prefix}:{local}"),
        None => local.to_string(),
    }
}

fn attr_value(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let attr = e.try_get_attribute(name).ok().flatten()?;
    Some(
        attr.normalized_value(XmlVersion::Implicit1_0)
            .ok()?
            .into_owned(),
    )
}

/// Namespace declarations for Atom 0.3 and RSS aliases point at the URIs
/// feed-rs knows.
fn rewrite_namespaces(ed: &mut Editor<'_>, e: &BytesStart<'_>, start: usize, end: usize) {
    if !e.attributes_raw().contains("xmlns") {
        return;
    }
    let declares = |uri: &str| {
        e.attributes()
            .flatten()
            .any(|a| a.key.as_ref().starts_with("xmlns") && &*a.value == uri)
    };
    let mut tag = Cow::Borrowed(&ed.src[start..end]);
    if declares(ATOM03) {
        tag = Cow::Owned(tag.replace(ATOM03, ATOM10));
    }
    for alias in RSS_ALIASES.iter().filter(|a| declares(a)) {
        tag = Cow::Owned(tag.replace(alias, RSS10));
    }
    if let Cow::Owned(tag) = tag {
        ed.replace(start, end, &tag);
    }
}

#[cfg(test)]
mod tests;
