"""The kit's event store: one implementation of event-sourced persistence for every service.

- ``EventRowMixin``: the columns of an append-only history table (PLT-04); a service's table
  adds only its stream-id column. ``ProjectionRowMixin``: the projection row's own columns
  (id, branch, version, document). ``AuditTrailMixin``/``RequestOriginMixin``: who, when
  and from where, for a service's other append-only tables.
- ``EventTypes``: event type name <-> dataclass, through the kit codec.
- ``EventStore``: load, append with an optimistic expected version (a lost race raises
  ``WriteConflict``, so ``cskit.retry`` runs the command again), a read-model document kept
  in the same transaction, history pages and rebuilds. Every read and write takes a
  ``BranchScope`` (PLT-01); none has a default.
- ``StreamReader``: the read side (a record, a keyset list page, a history page) from the
  read-model documents, never a replay; a service's reader subclasses it for its own lists.
"""

from cskit.eventstore.reader import PageRequest, StreamReader
from cskit.eventstore.registry import EventTypes
from cskit.eventstore.repository import Repository
from cskit.eventstore.store import EventStore, HistoryEntry, Stream, stream_of
from cskit.eventstore.table import AuditTrailMixin, EventRowMixin, ProjectionRowMixin, RequestOriginMixin, columns_of

__all__ = [
    "AuditTrailMixin",
    "EventRowMixin",
    "EventStore",
    "EventTypes",
    "HistoryEntry",
    "PageRequest",
    "ProjectionRowMixin",
    "Repository",
    "RequestOriginMixin",
    "Stream",
    "StreamReader",
    "columns_of",
    "stream_of",
]
