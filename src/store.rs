//! The on-disk index: opening, creating, writing ([`Writer`]) and committing, with our
//! analyzers always registered.
//!
//! Every commit carries a payload ([`CommitInfo`]) with the newsidx version, the schema and
//! analyzer versions and the time of the commit. Opening an index checks those versions: terms
//! written by another analysis chain would silently stop matching, so an index built by an
//! incompatible newsidx is refused with a message telling the user to rebuild.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::indexer::IndexWriterOptions;
use tantivy::schema::{Document, Field, Schema};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

use crate::analysis::{self, Variant};
use crate::analytics::warm::ColumnCache;
use crate::article::Article;
use crate::budget::Budget;
use crate::directory::IndexDirectory;
use crate::merge_policy::BoundedMergePolicy;
use crate::schema::{self, ArticleDocument, Fields};

/// What newsidx records with every commit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitInfo {
    /// Version of the newsidx that committed.
    pub newsidx_version: String,
    /// [`schema::SCHEMA_VERSION`] at commit.
    pub schema_version: u32,
    /// [`analysis::ANALYZER_VERSION`] at commit.
    pub analyzer_version: u32,
    /// When the commit happened (RFC 3339, UTC).
    pub committed_at: String,
    /// Which German chain the index was built with.
    pub analysis: Variant,
    /// The indexed fields that hold any terms. A search leaves the others out: tantivy builds
    /// an empty term dictionary for a field an index lacks, which costs a third of a
    /// millisecond. Absent in indexes from before it was recorded: every field is searched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    /// Digest of the file manifest that describes this commit (hex), so that a manifest from
    /// another commit is never trusted ([`crate::manifest`]). Absent in indexes from before it
    /// was recorded, and for commits made without a manifest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<String>,
}

impl CommitInfo {
    /// The record for a commit of an index using `analysis` whose fields with terms are
    /// `fields`, made now by this build.
    pub fn now(analysis: Variant, fields: Option<Vec<String>>) -> CommitInfo {
        CommitInfo {
            newsidx_version: env!("CARGO_PKG_VERSION").to_owned(),
            schema_version: schema::SCHEMA_VERSION,
            analyzer_version: analysis::ANALYZER_VERSION,
            committed_at: format!("{:.0}", jiff::Timestamp::now()),
            analysis,
            fields,
            manifest: None,
        }
    }

    /// The manifest digest this commit recorded, if any.
    pub fn manifest_digest(&self) -> Option<u128> {
        self.manifest
            .as_deref()
            .and_then(|hex| u128::from_str_radix(hex, 16).ok())
    }

    /// True when an index with this record can be read and extended by this build.
    fn is_compatible(&self) -> bool {
        self.schema_version == schema::SCHEMA_VERSION
            && self.analyzer_version == analysis::ANALYZER_VERSION
    }
}

/// An open newsidx index: the tantivy index and the handles to its fields.
pub struct NewsIndex {
    /// Where it lives.
    pub dir: PathBuf,
    /// The tantivy index, with our analyzers registered.
    pub index: Index,
    /// Typed handles to the schema's fields.
    pub fields: Fields,
    /// The German chain it is analysed with.
    pub variant: Variant,
    /// The fields that hold terms, as a set of field ids; `None` when not known.
    pub filled: Option<FieldSet>,
    /// Columns kept in memory for counting (off unless a long-running process turns it on).
    pub columns: ColumnCache,
}

/// A set of fields of the schema (it has fewer than 64).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FieldSet(u64);

impl FieldSet {
    /// Adds `field`.
    pub fn insert(&mut self, field: Field) {
        self.0 |= 1 << (field.field_id() % 64);
    }

    /// Adds every field `document` has a value in.
    pub fn insert_fields_of(&mut self, document: &impl Document) {
        for (field, _) in document.iter_fields_and_values() {
            self.insert(field);
        }
    }

    /// True when `field` is in the set.
    pub fn contains(self, field: Field) -> bool {
        self.0 & (1 << (field.field_id() % 64)) != 0
    }

    /// Every field in either set.
    pub fn union(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 | other.0)
    }

    /// The names of the set's fields in `schema`.
    pub fn names(self, schema: &Schema) -> Vec<String> {
        schema
            .fields()
            .filter(|(field, _)| self.contains(*field))
            .map(|(_, entry)| entry.name().to_owned())
            .collect()
    }

    /// The set of the fields of `schema` named in `names` (unknown names are left out).
    pub fn from_names(schema: &Schema, names: &[String]) -> FieldSet {
        let mut set = FieldSet::default();
        for name in names {
            if let Ok(field) = schema.get_field(name) {
                set.insert(field);
            }
        }
        set
    }
}

impl NewsIndex {
    /// Opens the existing index in `dir` for reading; fails with a hint when there is none.
    pub fn open(dir: &Path) -> Result<NewsIndex> {
        let shown = dir.display();
        if !dir.join("meta.json").is_file() {
            bail!("{shown}: no index found: run `newsidx index DIR` first (or pass --index)");
        }
        let directory =
            IndexDirectory::open(dir).with_context(|| format!("{shown}: cannot open index"))?;
        let index =
            Index::open(directory).with_context(|| format!("{shown}: cannot open index"))?;
        NewsIndex::from_index(dir, index)
    }

    /// Opens the index in `dir` for writing, creating the directory and an empty index when
    /// needed. `requested` is the German chain asked for (default: the existing index's, or
    /// [`Variant::Full`] for a new one); an existing index built with another chain is refused,
    /// since mixing chains would make terms miss each other.
    pub fn open_or_create(dir: &Path, requested: Option<Variant>) -> Result<NewsIndex> {
        let shown = dir.display();
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{shown}: cannot create index directory"))?;
        if dir.join("meta.json").is_file() {
            let existing = NewsIndex::open(dir)?;
            let variant = requested.unwrap_or(existing.variant);
            if existing.commit_info()?.is_some() && existing.variant != variant {
                bail!(
                    "{shown}: index was built with --analysis {}, not {}: add --rebuild to rebuild it",
                    variant_name(existing.variant),
                    variant_name(variant)
                );
            }
            return Ok(NewsIndex {
                variant,
                ..existing
            });
        }
        let directory = MmapDirectory::open(dir)
            .with_context(|| format!("{shown}: cannot open index directory"))?;
        let index = Index::create(directory, schema::build_schema(), Default::default())
            .with_context(|| format!("{shown}: cannot create index"))?;
        let mut created = NewsIndex::from_index(dir, index)?;
        let variant = requested.unwrap_or_default();
        created.variant = variant;
        analysis::register(&created.index, variant);
        Ok(created)
    }

    /// Opens the compatible index in `dir` to be refilled from scratch with the chain
    /// `requested`: the caller deletes every document before adding, so until its commit the
    /// old articles stay searchable (and stay if the run dies). `None` when there is no index
    /// this build can open (it must then be removed and created anew).
    pub fn open_for_rebuild(dir: &Path, requested: Option<Variant>) -> Option<NewsIndex> {
        let existing = NewsIndex::open(dir).ok()?;
        let variant = requested.unwrap_or_default();
        analysis::register(&existing.index, variant);
        Some(NewsIndex {
            variant,
            filled: Some(FieldSet::default()),
            ..existing
        })
    }

    /// True unless `field` is known to hold no terms (so searching it finds nothing).
    pub fn may_have_terms(&self, field: Field) -> bool {
        self.filled.is_none_or(|filled| filled.contains(field))
    }

    /// Deletes the index files in `dir` (only files tantivy or newsidx wrote) so that a fresh
    /// index can be created, even one an older newsidx cannot open.
    pub fn remove(dir: &Path) -> Result<()> {
        let shown = dir.display();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(());
        };
        for entry in entries {
            let entry = entry.with_context(|| format!("{shown}: cannot list index directory"))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let ours = name == "meta.json"
                || name == ".managed.json"
                || name.starts_with(crate::manifest::FILE_NAME)
                || name.starts_with(".tantivy")
                || is_segment_file(&name);
            if ours {
                std::fs::remove_file(entry.path())
                    .with_context(|| format!("{}: cannot remove", entry.path().display()))?;
            }
        }
        Ok(())
    }

    /// Checks the recorded versions, registers the analyzers and resolves fields.
    fn from_index(dir: &Path, index: Index) -> Result<NewsIndex> {
        let shown = dir.display();
        let info = read_commit_info(dir, &index)?;
        if let Some(info) = &info
            && !info.is_compatible()
        {
            bail!(
                "{shown}: index was built by newsidx {} (schema {}, analyzer {}), this is newsidx {} (schema {}, analyzer {}): rebuild it with `newsidx index --rebuild`",
                info.newsidx_version,
                info.schema_version,
                info.analyzer_version,
                env!("CARGO_PKG_VERSION"),
                schema::SCHEMA_VERSION,
                analysis::ANALYZER_VERSION
            );
        }
        let variant = info.as_ref().map_or(Variant::Full, |info| info.analysis);
        // No commit yet: no field holds terms.
        let filled = match info {
            None => Some(FieldSet::default()),
            Some(info) => info
                .fields
                .map(|names| FieldSet::from_names(&index.schema(), &names)),
        };
        analysis::register(&index, variant);
        let fields = Fields::new(&index.schema()).with_context(|| {
            format!("{shown}: index was built by an incompatible newsidx: rebuild it with `newsidx index --rebuild`")
        })?;
        Ok(NewsIndex {
            dir: dir.to_owned(),
            index,
            fields,
            variant,
            filled,
            columns: ColumnCache::default(),
        })
    }

    /// The record of the last commit, if any commit was made by newsidx.
    pub fn commit_info(&self) -> Result<Option<CommitInfo>> {
        read_commit_info(&self.dir, &self.index)
    }

    /// A reader that sees the last commit.
    pub fn reader(&self) -> Result<IndexReader> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .with_context(|| format!("{}: cannot read index", self.dir.display()))
    }

    /// A [`Writer`] using `threads` indexing threads whose buffers and merges stay within
    /// their shares of `budget` ([`Budget`]).
    pub fn writer(&self, threads: usize, budget: &Budget) -> Result<Writer<'_>> {
        // tantivy needs at least 15 MB per thread; fewer threads beat a refused budget.
        const MIN_PER_THREAD: usize = 15_000_000;
        let threads = threads.clamp(1, (budget.buffers / MIN_PER_THREAD).max(1));
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread((budget.buffers / threads).max(MIN_PER_THREAD))
            .num_merge_threads(1)
            .build();
        let writer = self.index.writer_with_options(options).with_context(|| {
            format!(
                "{}: cannot open index for writing (is another newsidx indexing it?)",
                self.dir.display()
            )
        })?;
        writer.set_merge_policy(Box::new(BoundedMergePolicy::new(
            self.dir.clone(),
            budget.merge_bytes,
        )));
        // tantivy gives a new writer's first operation the opstamp of the last commit, and a
        // merge of committed segments that starts as the writer opens treats operations up to
        // that opstamp as already applied: a first delete was lost in the merged segment
        // (found by tests/crash/campaign.py). An operation that matches nothing takes that
        // opstamp instead of a real one.
        writer.delete_term(Term::from_field_text(self.fields.file, ""));
        Ok(Writer {
            index: self,
            writer,
            with_parts: self.variant == Variant::Full,
            filled: FieldSet::default(),
        })
    }

    /// The key of every file the index holds articles of (read from the `file` field's term
    /// dictionaries, in no particular order; a file whose articles were deleted but not yet
    /// merged away may be listed).
    pub fn file_keys(&self) -> Result<Vec<String>> {
        let searcher = self.reader()?.searcher();
        crate::counts::indexed_values(&searcher, self.fields.file)
            .with_context(|| format!("{}: cannot read the file keys", self.dir.display()))
    }

    /// Deletes the segment files that the last commit does not list: what a run that failed
    /// (a full disk) or was killed had written. Only to be called by the holder of the index's
    /// write lock; searches only read committed segments. Returns the bytes freed.
    pub fn remove_orphans(&self) -> Result<u64> {
        let shown = self.dir.display();
        let metas = self
            .index
            .load_metas()
            .with_context(|| format!("{shown}: cannot read index metadata"))?;
        let living: std::collections::HashSet<String> = metas
            .segments
            .iter()
            .map(|segment| segment.id().uuid_string())
            .collect();
        // A living segment's deletes are in the one file its meta names; another one (written
        // by a run that never committed) would collide with the next commit's.
        let living_deletes: std::collections::HashSet<String> = metas
            .segments
            .iter()
            .filter(|segment| segment.has_deletes())
            .map(|segment| {
                segment
                    .relative_path(tantivy::index::SegmentComponent::Delete)
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let mut freed = 0;
        let entries =
            std::fs::read_dir(&self.dir).with_context(|| format!("{shown}: cannot list"))?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Some((stem, _)) = name.split_once('.') else {
                continue;
            };
            let orphan = if name.ends_with(".del") {
                !living_deletes.contains(name.as_ref())
            } else {
                !living.contains(stem)
            };
            if is_segment_file(&name) && orphan {
                let size = entry.metadata().map_or(0, |metadata| metadata.len());
                std::fs::remove_file(entry.path())
                    .with_context(|| format!("{}: cannot remove", entry.path().display()))?;
                freed += size;
            }
        }
        Ok(freed)
    }

    /// Total size of the index files on disk, in bytes.
    pub fn size_on_disk(&self) -> u64 {
        std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter_map(|entry| entry.metadata().ok())
                    .filter(|metadata| metadata.is_file())
                    .map(|metadata| metadata.len())
                    .sum()
            })
            .unwrap_or(0)
    }
}

/// The record of `index`'s last commit; an index whose payload is not ours (or older than
/// the record's current shape) reads as version 0, which is refused as incompatible.
fn read_commit_info(dir: &Path, index: &Index) -> Result<Option<CommitInfo>> {
    let metas = index
        .load_metas()
        .with_context(|| format!("{}: cannot read index metadata", dir.display()))?;
    Ok(metas.payload.map(|payload| {
        serde_json::from_str(&payload).unwrap_or_else(|_| CommitInfo {
            schema_version: 0,
            analyzer_version: 0,
            ..CommitInfo::now(Variant::Full, None)
        })
    }))
}

/// The `--analysis` spelling of `variant`.
fn variant_name(variant: Variant) -> String {
    clap::ValueEnum::to_possible_value(&variant).map_or_else(
        || format!("{variant:?}"),
        |value| value.get_name().to_owned(),
    )
}

/// Adds, deletes and commits articles of one [`NewsIndex`]: the way newsidx writes documents
/// (indexing and the fuzz targets alike). It keeps the invariant searches rely on: every field an added document fills is
/// recorded with the commit ([`CommitInfo::fields`]), since a search skips fields recorded as
/// empty; and it alone decides, from the index's analysis, whether compound parts are indexed.
pub struct Writer<'a> {
    /// The index written.
    index: &'a NewsIndex,
    /// tantivy's writer, holding the index's lock and indexing threads.
    writer: IndexWriter<ArticleDocument>,
    /// Whether documents get the compound-parts field (the full German chain only).
    with_parts: bool,
    /// Fields the added documents filled.
    filled: FieldSet,
}

impl Writer<'_> {
    /// Adds `article`, read from the file whose key is `file` (the key [`Writer::delete_file`]
    /// removes it by).
    pub fn add(&mut self, article: Article, file: &str) -> Result<()> {
        let document = self
            .index
            .fields
            .to_document(article, file, self.with_parts);
        self.filled.insert_fields_of(&document);
        self.writer.add_document(document)?;
        Ok(())
    }

    /// Removes every article read from the file with key `file`, as of the commit.
    pub fn delete_file(&mut self, file: &str) {
        let term = Term::from_field_text(self.index.fields.file, file);
        self.writer.delete_term(term);
    }

    /// Removes every article, as of the commit (until then searches still see them).
    pub fn delete_all(&mut self) -> Result<()> {
        self.writer
            .delete_all_documents()
            .context("cannot empty the index")?;
        Ok(())
    }

    /// Commits everything added and deleted, recording [`CommitInfo::now`] and the digest of
    /// the file manifest that describes the result (if any) with the commit, then waits for
    /// the merges it started.
    pub fn commit(mut self, manifest: Option<u128>) -> Result<CommitInfo> {
        let index = self.index;
        let filled = index.filled.map(|filled| filled.union(self.filled));
        let fields = filled.map(|filled| filled.names(&index.index.schema()));
        let info = CommitInfo {
            manifest: manifest.map(|digest| format!("{digest:032x}")),
            ..CommitInfo::now(index.variant, fields)
        };
        let payload = serde_json::to_string(&info).context("cannot record commit information")?;
        let mut prepared = self
            .writer
            .prepare_commit()
            .context("cannot prepare commit")?;
        prepared.set_payload(&payload);
        prepared.commit().context("cannot commit index")?;
        self.writer
            .wait_merging_threads()
            .context("cannot finish merging index segments")?;
        Ok(info)
    }
}

/// True for tantivy segment files (`<32 hex digits>.<component>`).
fn is_segment_file(name: &str) -> bool {
    let Some((stem, _)) = name.split_once('.') else {
        return false;
    };
    stem.len() == 32 && stem.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_refuses_a_missing_index() {
        let dir = tempfile::tempdir().unwrap();
        let error = NewsIndex::open(dir.path()).err().unwrap();
        assert!(format!("{error:#}").contains("no index found"));
    }

    #[test]
    fn commit_records_versions() {
        let dir = tempfile::tempdir().unwrap();
        let news_index = NewsIndex::open_or_create(dir.path(), None).unwrap();
        let writer = news_index.writer(1, &Budget::new(128 << 20, 1)).unwrap();
        writer.commit(None).unwrap();
        let info = news_index.commit_info().unwrap().unwrap();
        assert_eq!(info.analyzer_version, analysis::ANALYZER_VERSION);
        assert!(info.is_compatible());
        assert!(NewsIndex::open(dir.path()).is_ok());
        let other = NewsIndex::open_or_create(dir.path(), Some(Variant::Lowercase))
            .err()
            .unwrap();
        assert!(
            format!("{other:#}").contains("--analysis full, not lowercase"),
            "{other:#}"
        );
    }

    #[test]
    fn incompatible_versions_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let news_index = NewsIndex::open_or_create(dir.path(), None).unwrap();
        let mut writer: IndexWriter = news_index
            .index
            .writer_with_num_threads(1, 15_000_000)
            .unwrap();
        let mut prepared = writer.prepare_commit().unwrap();
        let old = CommitInfo {
            analyzer_version: 0,
            ..CommitInfo::now(Variant::Full, None)
        };
        prepared.set_payload(&serde_json::to_string(&old).unwrap());
        prepared.commit().unwrap();
        drop(writer);
        let error = NewsIndex::open(dir.path()).err().unwrap();
        assert!(format!("{error:#}").contains("--rebuild"), "{error:#}");
        NewsIndex::remove(dir.path()).unwrap();
        assert!(NewsIndex::open_or_create(dir.path(), None).is_ok());
    }

    #[test]
    fn orphans_are_files_no_commit_lists_deletes_of_living_segments_included() {
        let dir = tempfile::tempdir().unwrap();
        let news_index = NewsIndex::open_or_create(dir.path(), None).unwrap();
        let mut writer = news_index.writer(1, &Budget::new(128 << 20, 1)).unwrap();
        let article = |id: &str| Article {
            id: id.to_owned(),
            path: id.to_owned(),
            title: "Titel".to_owned(),
            body: "Der Stadtrat tagte.".to_owned(),
            ..Article::default()
        };
        writer.add(article("a"), "/a").unwrap();
        writer.add(article("b"), "/b").unwrap();
        writer.commit(None).unwrap();
        let mut writer = news_index.writer(1, &Budget::new(128 << 20, 1)).unwrap();
        writer.delete_file("/a");
        writer.commit(None).unwrap();
        let metas = news_index.index.load_metas().unwrap();
        let segment = &metas.segments[0];
        let uuid = segment.id().uuid_string();
        let kept = segment
            .relative_path(tantivy::index::SegmentComponent::Delete)
            .to_string_lossy()
            .into_owned();
        // What a run killed before its commit leaves: a newer delete file of a living
        // segment, and a segment no commit lists.
        let stale_delete = dir.path().join(format!("{uuid}.999.del"));
        let stale_segment = dir.path().join("0123456789abcdef0123456789abcdef.idx");
        std::fs::write(&stale_delete, b"x").unwrap();
        std::fs::write(&stale_segment, b"x").unwrap();
        assert_eq!(news_index.remove_orphans().unwrap(), 2);
        assert!(!stale_delete.exists() && !stale_segment.exists());
        assert!(dir.path().join(kept).exists());
        let searcher = news_index.reader().unwrap().searcher();
        assert_eq!(searcher.num_docs(), 1);
    }
}
