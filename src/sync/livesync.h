#pragma once

#include <chrono>

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>

#include "eventmap.h"

namespace Ops {

class ApiClient;
class ConnectionManager;
class QueryClient;

//! \brief Turns realtime events into query invalidations; owns no data.
//!
//! Events are coalesced per event-loop turn: a burst that touches one key costs one
//! invalidation. After a reconnect that could not resume (no known position, or the server
//! asked for a resync) every active query is invalidated, because events may have been missed.
class LiveSync final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveSync)

public:
    LiveSync(ConnectionManager *connection, ApiClient *api, QueryClient *client, EventMap map,
        QObject *parent = nullptr);
    ~LiveSync() override;

    //! Events that changed the cache (invalidated or patched).
    [[nodiscard]] qint64 eventsApplied() const { return m_eventsApplied; }
    //! Events written into cached rows instead of causing a refetch.
    [[nodiscard]] qint64 eventsPatched() const { return m_eventsPatched; }
    //! Invalidation calls made (after coalescing).
    [[nodiscard]] qint64 invalidations() const { return m_invalidations; }

    //! Invalidations and patches are collected for this long before they are applied (default
    //! 0: patches at once, invalidations at the end of the current event-loop turn). Whatever
    //! the window, each is applied at most once per kMinFlushGap: the first event after a quiet
    //! spell at once, a steady stream in batches (one pass over a list per batch, not per event).
    void setCoalescingWindow(std::chrono::milliseconds window);
    static constexpr std::chrono::milliseconds kMinFlushGap { 16 }; //!< one display frame

Q_SIGNALS:
    //! After a (re)subscription: how many missed events were replayed, or -1 after a full resync.
    void caughtUp(qint64 replayed);
    //! An event arrived for a type the map does not know (counted, otherwise ignored).
    void unknownEvent(const QString &type);

private:
    void onEvent(const ChangeEvent &event);
    void applyPatches();
    void scheduleFlush();
    void onSubscribed(qint64 replayed, bool resumed);
    void invalidateEverything();
    void flush();

    ConnectionManager *m_connection;
    QueryClient *m_client;
    EventMap m_map;
    QTimer m_flushTimer;

    QSet<QueryKey> m_pendingPrefix;
    QSet<QueryKey> m_pendingExact;
    //! Events to write into cached rows at the next flush, per patch target.
    QList<std::pair<EventMap::Resolved, ChangeEvent>> m_pendingPatches;
    qint64 m_pendingPatchEvents = 0;
    std::chrono::milliseconds m_window { 0 };
    QElapsedTimer m_sinceFlush; //!< since the last flush (invalidations)
    QElapsedTimer m_sincePatch; //!< since patches were last written
    qint64 m_eventsApplied = 0;
    qint64 m_eventsPatched = 0;
    qint64 m_invalidations = 0;
    bool m_subscribedOnce = false;
    bool m_resyncPending = false;
};

} // namespace Ops
