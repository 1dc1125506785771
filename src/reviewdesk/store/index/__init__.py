"""The 报名材料审核 list's in-memory columnar index: every filter and sort of 10^6 records in milliseconds.

Importers name the package (``from reviewdesk.store.index import RecordIndex``); the pieces, one idea per
module:

* ``record_index`` — the face and its life cycle: build or open from the snapshot, follow the workspace,
  save (why an in-memory index at all is said there);
* ``columns`` — how each kind of field is held (enum ranks, dictionary codes, fixed-width UTF-8 bytes,
  integer timestamps) and why;
* ``load`` — a full build: each column read out of SQLite as one ``group_concat`` string;
* ``state`` — the arrays of one moment and their snapshot form (``snapshot`` writes the file and keeps the
  change log that makes it safe to believe);
* ``plan`` — which rows match: the rarest posted condition drives, or masks over all rows;
* ``postings`` — posting lists of rare values (one 类别, a few units, 未同步 …);
* ``sort`` — sort permutations, and ordering few matches by rank instead of walking 10^6;
* ``patch`` — applying changed, new and deleted records to all of the above.
"""

from reviewdesk.store.index.record_index import IndexError_, IndexUpdate, RecordIndex

__all__ = ["IndexError_", "IndexUpdate", "RecordIndex"]
