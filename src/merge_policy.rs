//! A merge policy that bounds the memory merges take.
//!
//! tantivy merges segments by reading them through memory maps, so every page of the
//! segments being merged becomes part of the process's resident memory until the merge ends.
//! tantivy's own [`LogMergePolicy`] caps merges by document count, which lets a large archive
//! end in one merge of gigabytes. [`BoundedMergePolicy`] measures segments by their size on
//! disk instead: it only merges segments whose sizes sum to at most its byte cap, and leaves
//! a segment that reached half the cap as it is. With one merge thread, resident memory from
//! merging stays under the cap however large the index grows; an archive of N bytes ends
//! with about 2N / cap segments, which costs a search little.

use std::path::PathBuf;

use tantivy::index::{SegmentComponent, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// The files that make up a segment (the delete bitset aside, which is small).
const COMPONENTS: [SegmentComponent; 6] = [
    SegmentComponent::Postings,
    SegmentComponent::Positions,
    SegmentComponent::FastFields,
    SegmentComponent::FieldNorms,
    SegmentComponent::Terms,
    SegmentComponent::Store,
];

/// Log-structured merging of segments, with merges capped in bytes.
#[derive(Debug)]
pub struct BoundedMergePolicy {
    /// The index directory, where segment sizes are read.
    dir: PathBuf,
    /// The most bytes of segments one merge may read.
    max_bytes: u64,
    /// Chooses which of the small enough segments to merge.
    log: LogMergePolicy,
}

impl BoundedMergePolicy {
    /// A policy for the index in `dir` whose merges read at most `max_bytes`.
    pub fn new(dir: PathBuf, max_bytes: u64) -> BoundedMergePolicy {
        BoundedMergePolicy {
            dir,
            max_bytes,
            log: LogMergePolicy::default(),
        }
    }

    /// Bytes of `segment` on disk.
    fn size(&self, segment: &SegmentMeta) -> u64 {
        COMPONENTS
            .iter()
            .filter_map(|component| {
                std::fs::metadata(self.dir.join(segment.relative_path(component.clone()))).ok()
            })
            .map(|metadata| metadata.len())
            .sum()
    }
}

impl MergePolicy for BoundedMergePolicy {
    /// Lets the log policy choose among segments under half the cap, then trims each of its
    /// merges, smallest segments first, to at most the cap.
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let sized: Vec<(SegmentMeta, u64)> = segments
            .iter()
            .map(|segment| (segment.clone(), self.size(segment)))
            .filter(|(_, bytes)| *bytes < self.max_bytes / 2)
            .collect();
        let eligible: Vec<SegmentMeta> = sized.iter().map(|(segment, _)| segment.clone()).collect();
        self.log
            .compute_merge_candidates(&eligible)
            .into_iter()
            .filter_map(|MergeCandidate(ids)| {
                let mut members: Vec<(u64, _)> = sized
                    .iter()
                    .filter(|(segment, _)| ids.contains(&segment.id()))
                    .map(|(segment, bytes)| (*bytes, segment.id()))
                    .collect();
                members.sort_by_key(|(bytes, _)| *bytes);
                let mut total = 0;
                let chosen: Vec<_> = members
                    .into_iter()
                    .take_while(|(bytes, _)| {
                        total += bytes;
                        total <= self.max_bytes
                    })
                    .map(|(_, id)| id)
                    .collect();
                (chosen.len() > 1).then_some(MergeCandidate(chosen))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::Index;
    use tantivy::index::SegmentId;
    use tantivy::schema::{Schema, TEXT};

    use super::*;

    /// Segments of 1,000 documents each whose files on disk take `sizes` bytes.
    fn segments(dir: &std::path::Path, sizes: &[u64]) -> Vec<SegmentMeta> {
        let mut schema = Schema::builder();
        schema.add_text_field("body", TEXT);
        let index = Index::create_in_dir(dir, schema.build()).unwrap();
        sizes
            .iter()
            .map(|&size| {
                let meta = index.new_segment_meta(SegmentId::generate_random(), 1_000);
                let store = dir.join(meta.relative_path(SegmentComponent::Store));
                std::fs::File::create(store).unwrap().set_len(size).unwrap();
                meta
            })
            .collect()
    }

    #[test]
    fn merges_stay_under_the_cap_and_large_segments_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let mut sizes = vec![100; 12];
        sizes.extend([450, 600]);
        let metas = segments(dir.path(), &sizes);
        let policy = BoundedMergePolicy::new(dir.path().to_owned(), 1_000);
        let candidates = policy.compute_merge_candidates(&metas);
        assert!(!candidates.is_empty(), "twelve small segments get merged");
        let size_of = |id: &tantivy::index::SegmentId| {
            let meta = metas.iter().find(|meta| meta.id() == *id).unwrap();
            policy.size(meta)
        };
        for MergeCandidate(ids) in &candidates {
            assert!(ids.len() > 1);
            let total: u64 = ids.iter().map(size_of).sum();
            assert!(total <= 1_000, "a merge reads {total} bytes");
            assert!(ids.iter().all(|id| size_of(id) == 100));
        }
    }

    #[test]
    fn nothing_to_merge_when_every_segment_is_large() {
        let dir = tempfile::tempdir().unwrap();
        let metas = segments(dir.path(), &[600; 10]);
        let policy = BoundedMergePolicy::new(dir.path().to_owned(), 1_000);
        assert!(policy.compute_merge_candidates(&metas).is_empty());
    }
}
